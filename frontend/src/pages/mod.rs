//! One module per screen.

pub mod admin;
pub mod agenda;
pub mod clinic;
pub mod home;
pub mod link;
pub mod linked;
pub mod manage;
pub mod mine;
pub mod offer;
pub mod owner;
pub mod texts;
pub mod waitlist;
