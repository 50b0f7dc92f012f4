//! Turnaki's HTTP layer: one axum router per resource, the edge every answer passes
//! through, and the two ways to run them — `turnaki serve` and one Lambda per resource.

pub mod app;
pub mod body;
pub mod caller;
pub mod demo;
pub mod edge;
pub mod error;
pub mod lambda;
pub mod notifications;
pub mod openapi;
pub mod policy;
pub mod routes;
pub mod serve;
pub mod state;
pub mod store_config;
