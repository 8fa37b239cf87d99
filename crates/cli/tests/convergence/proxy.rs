//! The fault-injecting TCP proxy between one laptop and the server.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Push,
    Pull,
}

impl Route {
    fn request_line(self) -> &'static [u8] {
        match self {
            Route::Push => b"POST /api/v1/sync/push",
            Route::Pull => b"GET /api/v1/sync/pull",
        }
    }
}

/// One fault, armed for the next request on its route.
#[derive(Debug)]
pub enum Fault {
    /// Let `n` bytes of the request through, then drop the connection.
    CutRequest(Route, usize),
    /// Let `n` bytes of the answer through, then drop the connection.
    CutResponse(Route, usize),
    /// Let `skip` requests on the route pass, then say when the answer to the next one starts arriving (the
    /// test then kills the client). With `skip` > 0 on pulls, the client has applied that many pages.
    Signal(Route, usize, tokio::sync::mpsc::UnboundedSender<()>),
}

impl Fault {
    fn route(&self) -> Route {
        match self {
            Fault::CutRequest(r, _) | Fault::CutResponse(r, _) | Fault::Signal(r, _, _) => *r,
        }
    }

    /// What the tally calls it.
    pub fn kind(&self) -> FaultKind {
        match self {
            Fault::CutRequest(Route::Push, _) | Fault::CutResponse(Route::Push, _) => {
                FaultKind::PushCut
            }
            Fault::CutRequest(Route::Pull, _) | Fault::CutResponse(Route::Pull, _) => {
                FaultKind::PullCut
            }
            Fault::Signal(..) => FaultKind::Kill,
        }
    }
}

/// The kinds of fault the test must see fire at least once each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FaultKind {
    PushCut,
    PullCut,
    Kill,
}

#[derive(Default)]
struct Armed {
    fault: Option<Fault>,
    /// Faults that met their request.
    fired: usize,
}

/// A TCP proxy on 127.0.0.1:0 in front of the server, one per laptop.
pub struct Proxy {
    pub url: String,
    armed: Arc<Mutex<Armed>>,
}

impl Proxy {
    pub async fn start(upstream: &str) -> Proxy {
        let upstream: SocketAddr = upstream.trim_start_matches("http://").parse().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let armed = Arc::new(Mutex::new(Armed::default()));
        let state = armed.clone();
        tokio::spawn(async move {
            while let Ok((conn, _)) = listener.accept().await {
                tokio::spawn(relay(conn, upstream, state.clone()));
            }
        });
        Proxy { url, armed }
    }

    pub fn arm(&self, fault: Option<Fault>) {
        self.armed.lock().unwrap().fault = fault;
    }

    /// Disarm; whether the armed fault fired.
    pub fn disarm(&self) -> bool {
        let mut a = self.armed.lock().unwrap();
        let pending = a.fault.take().is_some();
        !pending
    }

    pub fn fired(&self) -> usize {
        self.armed.lock().unwrap().fired
    }
}

/// Take the armed fault if `chunk` starts a request on its route (and none is left to skip); the offset of
/// the request line.
fn take_fault(armed: &Mutex<Armed>, chunk: &[u8]) -> Option<(usize, Fault)> {
    let mut a = armed.lock().unwrap();
    let line = a.fault.as_ref()?.route().request_line();
    let pos = chunk.windows(line.len()).position(|w| w == line)?;
    if let Some(Fault::Signal(_, skip, _)) = &mut a.fault
        && *skip > 0
    {
        *skip -= 1;
        return None;
    }
    a.fired += 1;
    a.fault.take().map(|f| (pos, f))
}

/// How much of `n` bytes may pass with `left` bytes allowed (`None`: all), and whether to cut after them.
fn allow(left: &mut Option<usize>, n: usize) -> (usize, bool) {
    match left {
        None => (n, false),
        Some(l) => {
            let send = n.min(*l);
            *l -= send;
            (send, send < n || *l == 0)
        }
    }
}

async fn relay(client: TcpStream, upstream: SocketAddr, armed: Arc<Mutex<Armed>>) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let (mut from_client, mut to_client) = client.into_split();
    let (mut from_server, mut to_server) = server.into_split();
    let mut up = vec![0_u8; 64 * 1024];
    let mut down = vec![0_u8; 64 * 1024];
    let mut up_left: Option<usize> = None;
    let mut down_left: Option<usize> = None;
    let mut signal = None;
    // Returning drops both sockets: the connection is cut both ways.
    loop {
        tokio::select! {
            r = from_client.read(&mut up) => {
                let n = match r { Ok(0) | Err(_) => return, Ok(n) => n };
                if let Some((pos, fault)) = take_fault(&armed, &up[..n]) {
                    match fault {
                        Fault::CutRequest(_, after) => up_left = Some(pos + after),
                        Fault::CutResponse(_, after) => down_left = Some(after),
                        Fault::Signal(_, _, tx) => signal = Some(tx),
                    }
                }
                let (send, cut) = allow(&mut up_left, n);
                if to_server.write_all(&up[..send]).await.is_err() || cut {
                    return;
                }
            }
            r = from_server.read(&mut down) => {
                let n = match r { Ok(0) | Err(_) => return, Ok(n) => n };
                if let Some(tx) = signal.take() {
                    let _ = tx.send(());
                }
                let (send, cut) = allow(&mut down_left, n);
                if to_client.write_all(&down[..send]).await.is_err() || cut {
                    return;
                }
            }
        }
    }
}
