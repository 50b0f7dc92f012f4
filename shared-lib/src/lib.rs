//! Turnaki's shared library: the domain, the single-table keys, the store port and its
//! adapters. The domain and keys build for WASM so the front end shares them; the adapters
//! sit behind the `sqlite` and `dynamodb` features.

#[cfg(feature = "server")]
pub mod accounts;
pub mod api;
#[cfg(feature = "server")]
pub mod booking;
#[cfg(feature = "server")]
pub mod catalog;
pub mod clock;
pub mod domain;
#[cfg(feature = "server")]
pub mod figures;
#[cfg(feature = "server")]
pub mod identity;
pub mod ids;
pub mod keys;
#[cfg(feature = "server")]
pub mod links;
#[cfg(feature = "server")]
pub mod notification;
#[cfg(feature = "openapi")]
pub mod openapi;
#[cfg(feature = "server")]
pub mod recall;
#[cfg(feature = "server")]
pub mod store;
#[cfg(feature = "server")]
pub mod waitlist;
