//! Turnaki's single-page app: the clinic's public page and booking wizard, the patient's
//! appointments, reception's calendar, the dentist's agenda, clinic administration and
//! the platform owner's console. Client-side rendered with Leptos; talks to the HTTP API
//! with the DTOs from `turnaki-shared`, so the two cannot drift.

pub mod api;
pub mod app;
pub mod bundle;
pub mod calendar;
pub mod i18n;
pub mod money;
pub mod month;
pub mod paged;
pub mod pages;
pub mod session;
pub mod time;
pub mod ui;
pub mod waitlist;
pub mod wizard;
