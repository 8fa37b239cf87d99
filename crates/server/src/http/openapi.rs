//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` and the types' `ToSchema`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{approvals, blobs, routes, sync};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Fieldquote sync server",
        description = "Accounts and sync for Fieldquote laptops. Errors are `{code, message}`. \
                       Clients may send `X-Fieldquote-Protocol: N`; below the server's minimum, \
                       every route except health and openapi.json answers 426 `client_too_old`."
    ),
    paths(
        routes::health,
        routes::login,
        routes::me,
        routes::openapi_json,
        sync::push,
        sync::pull,
        approvals::on_the_spot,
        blobs::check,
        blobs::put,
        blobs::get
    ),
    components(schemas(
        routes::HealthResponse,
        routes::LoginRequest,
        routes::LoginResponse,
        routes::UserView,
        crate::entities::app_user::StoredRole,
        super::ErrorBody,
        sync::schema::EntityKind,
        sync::schema::Change,
        sync::schema::PushRequest,
        sync::schema::RejectCode,
        sync::schema::ChangeStatus,
        sync::schema::ChangeResult,
        sync::schema::PushResponse,
        sync::schema::FieldValue,
        sync::schema::PulledRecord,
        sync::schema::PullResponse,
        sync::schema::Revocation,
        approvals::OnTheSpotRequest,
        crate::approvals::Decision,
        crate::approvals::Decided,
        blobs::CheckRequest,
        blobs::Sha256Text,
        blobs::CheckResponse,
        blobs::BlobStatus,
        blobs::BlobState,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "server", description = "Health and API description"),
        (name = "auth", description = "Signing in"),
        (name = "sync", description = "Pushing outbox changes and pulling visible records"),
        (name = "approvals", description = "A manager deciding a quote's approval on the rep's laptop"),
        (name = "blobs", description = "Content-addressed blobs (images of content blocks): resumable upload, ranged download"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The OpenAPI document of this server.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    doc
}
