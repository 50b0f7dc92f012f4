//! The API's stable problem codes: one list that the server answers with, the OpenAPI
//! document describes and the app puts into words (exhaustively, so a new code cannot ship
//! without its texts).

/// Declares a list of stable codes once: each variant's doc line is also its `meaning()`,
/// and the wire text is both `as_str()` and the serde form (checked by the tests).
macro_rules! codes {
    (
        $(#[$meta:meta])* $name:ident {
            $($(#[doc = $doc:literal])+ $variant:ident = $code:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The code as it appears on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            /// When it happens, in one sentence (the variant's doc).
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!($($doc),+).trim(),)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::api::problem_code::UnknownCode;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|c| c.as_str() == s)
                    .ok_or_else(|| $crate::api::problem_code::UnknownCode(s.to_owned()))
            }
        }
    };
}
pub(crate) use codes;

/// A code this build does not know (a newer server's, or not a code at all).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a known code")]
pub struct UnknownCode(pub String);

codes! {
    /// A stable machine-readable problem code (the `code` of a [`super::problem::Problem`]).
    ProblemCode {
        /// The body is not JSON, has the wrong shape, or a query parameter has the wrong type.
        MalformedBody = "malformed_body",
        /// Some fields are invalid; the problem lists each in its errors.
        ValidationFailed = "validation_failed",
        /// A list cursor that this list did not hand out.
        BadCursor = "bad_cursor",
        /// A date range the server refuses (reversed, or longer than allowed).
        BadRange = "bad_range",
        /// Another client error the framework answered before any route ran.
        BadRequest = "bad_request",
        /// No bearer token, or an invalid or expired one.
        Unauthenticated = "unauthenticated",
        /// Wrong email or password at sign-in.
        InvalidCredentials = "invalid_credentials",
        /// The caller's role may not do this, or the caller acts for no clinic or person.
        Forbidden = "forbidden",
        /// Nothing of that kind with that id or slug that the caller may see.
        NotFound = "not_found",
        /// The route exists but not with this HTTP method.
        MethodNotAllowed = "method_not_allowed",
        /// Someone else booked that time first.
        SlotTaken = "slot_taken",
        /// No chair suitable for the treatment is free at that time.
        NoChairFree = "no_chair_free",
        /// The hold named does not match the booking requested (other time, or expired).
        HoldMismatch = "hold_mismatch",
        /// The booking's status cannot change that way.
        IllegalTransition = "illegal_transition",
        /// The booking is completed, cancelled or a no-show and can no longer change.
        BookingFinished = "booking_finished",
        /// The booking changed since the version the caller sent.
        StaleVersion = "stale_version",
        /// Too late to cancel or reschedule online under the clinic's rules.
        OutsideCancellationWindow = "outside_cancellation_window",
        /// The link is not one this server made, or it was changed since.
        LinkInvalid = "link_invalid",
        /// The link's appointment has ended, and the link with it.
        LinkExpired = "link_expired",
        /// The link is for another appointment, another clinic or another action.
        LinkMismatch = "link_mismatch",
        /// The patient already waits for that treatment.
        AlreadyWaiting = "already_waiting",
        /// The patient has as many waitlist entries waiting as one may.
        WaitlistFull = "waitlist_full",
        /// The waitlist offer was taken, declined or lapsed: its time is no longer kept.
        OfferEnded = "offer_ended",
        /// Another clinic already uses that slug.
        SlugTaken = "slug_taken",
        /// An account with that email already exists.
        EmailTaken = "email_taken",
        /// Someone else changed the same data at the same moment; try again.
        Contention = "contention",
        /// The body is larger than the server's limit.
        PayloadTooLarge = "payload_too_large",
        /// The body was not sent as JSON.
        UnsupportedMediaType = "unsupported_media_type",
        /// The start is not on the clinic's slot grid.
        OffGrid = "off_grid",
        /// The time is outside the professional's working hours, or in an absence or closure.
        OutsideHours = "outside_hours",
        /// The time is outside the window in which the clinic takes or changes bookings.
        OutsideBookingWindow = "outside_booking_window",
        /// The professional does not perform that treatment.
        TreatmentNotOffered = "treatment_not_offered",
        /// The chair named does not host that treatment.
        ChairUnsuitable = "chair_unsuitable",
        /// The appointment is longer than the schedule allows.
        TooLong = "too_long",
        /// The Idempotency-Key was already used for a different request.
        IdempotencyKeyReused = "idempotency_key_reused",
        /// The identity provider refused to create the account with those details.
        AccountRefused = "account_refused",
        /// Too many requests from this client address.
        RateLimited = "rate_limited",
        /// Storage is unavailable for a moment; try again later.
        StoreUnavailable = "store_unavailable",
        /// Sign-in is unavailable for a moment; try again later.
        IdentityUnavailable = "identity_unavailable",
        /// Links cannot be signed or checked for a moment; try again later.
        SigningUnavailable = "signing_unavailable",
        /// An unexpected server error; the details stay in the server's log.
        Internal = "internal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_form_is_the_serde_form_and_reads_back() {
        for &code in ProblemCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ProblemCode>(&json).unwrap(), code);
            assert_eq!(code.as_str().parse::<ProblemCode>(), Ok(code));
        }
        assert!("zzz".parse::<ProblemCode>().is_err());
    }

    #[test]
    fn every_code_is_listed_once_and_says_when_it_happens() {
        let mut seen = std::collections::BTreeSet::new();
        for &code in ProblemCode::ALL {
            assert!(seen.insert(code.as_str()), "`{code}` listed twice");
            assert!(code.meaning().ends_with('.'), "`{code}`: {}", code.meaning());
            assert!(!code.meaning().contains('`'), "`{code}`: no backticks in meanings");
        }
        assert_eq!(ProblemCode::ALL.len(), 41);
    }
}
