// Reading a file the user picked, to send it to the backend as base64 (which checks it as `fq` checks a file).

/** The file's bytes as base64; `onprogress` gets the share read so far (0–1) for a large file. */
export function readBase64(file: File, onprogress?: (share: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (onprogress && e.lengthComputable && e.total > 0) onprogress(e.loaded / e.total);
    };
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsDataURL(file);
  });
}
