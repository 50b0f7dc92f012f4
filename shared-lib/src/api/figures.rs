//! `GET /v1/figures?month=YYYY-MM`: how the loop around a booking did in one month.

use serde::{Deserialize, Serialize};

/// One month's figures of one clinic: confirmations, no-shows, the waitlist and recall.
/// Rates are fractions (0–1), absent when nothing was there to count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    /// Appointments starting in the month, cancelled ones apart.
    pub bookings: u64,
    /// Of those, the ones whose patient said from a link that they will come.
    pub confirmed: u64,
    /// `confirmed` over `bookings`.
    pub confirmation_rate: Option<f64>,
    /// Visits held or missed so far by patients who had confirmed.
    pub seen_confirmed: u64,
    /// Of those, no-shows.
    pub no_shows_confirmed: u64,
    /// `no_shows_confirmed` over `seen_confirmed`.
    pub no_show_rate_confirmed: Option<f64>,
    /// Visits held or missed so far by patients who had not confirmed.
    pub seen_unconfirmed: u64,
    /// Of those, no-shows.
    pub no_shows_unconfirmed: u64,
    /// `no_shows_unconfirmed` over `seen_unconfirmed`.
    pub no_show_rate_unconfirmed: Option<f64>,
    /// Waitlist offers made in the month.
    pub offers: u64,
    /// Offers taken: freed time booked again.
    pub fills: u64,
    /// Median minutes from a freed time's first offer to its taking.
    pub median_fill_minutes: Option<i64>,
    /// Recall messages sent in the month.
    pub recalls_sent: u64,
    /// Patients recalled in the month who have booked since.
    pub recalls_booked: u64,
}
