//! OpenAPI schemas for the types whose wire form is not their Rust shape: ULID ids and
//! checked strings or numbers that serialise through `try_from`/`into`. Everything else
//! derives `ToSchema` next to its definition.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};

/// A canonical ULID: 26 Crockford base-32 characters, the first at most `7`. Ids are sent
/// upper-case and read in either case.
pub const ULID_PATTERN: &str = "^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$";

/// The schema of an id: a ULID string described by `description` (the id type's doc comment).
pub fn ulid(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("ulid".into())))
        .min_length(Some(26))
        .max_length(Some(26))
        .pattern(Some(ULID_PATTERN))
        .description(Some(format!(
            "{} A ULID: 26 Crockford base-32 characters that sort by creation time.",
            description.trim()
        )))
        .examples(["01JQ3Z6W7K8M9N0P1Q2R3S4T5V"])
        .into()
}

/// A string schema with a description and an example.
pub fn string(description: &str, example: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .examples([example])
}
