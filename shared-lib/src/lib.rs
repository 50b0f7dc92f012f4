//! Turnaki's shared library: the domain, the single-table keys, the store port and its
//! adapters. The domain and keys build for WASM so the front end shares them; the adapters
//! sit behind the `sqlite` and `dynamodb` features.

pub mod domain;
pub mod ids;
pub mod keys;
