//! Identifiers: ULIDs (sortable by creation time) wrapped so that a booking id can never be
//! passed where a patient id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ulid::Ulid;

/// An id string that is not a ULID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {kind} id (expected a 26-character ULID)")]
pub struct InvalidId {
    /// Which kind of id was expected.
    pub kind: &'static str,
    /// The rejected text.
    pub value: String,
}

macro_rules! ulid_id {
    ($(#[doc = $doc:literal])* $name:ident, $kind:literal) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Ulid);

        impl $name {
            /// A fresh id; ids sort by the time they were made.
            pub fn new() -> Self {
                Self(Ulid::generate())
            }

            /// Wraps an existing ULID.
            pub const fn from_ulid(ulid: Ulid) -> Self {
                Self(ulid)
            }

            /// The underlying ULID.
            pub const fn ulid(self) -> Ulid {
                self.0
            }
        }

        /// On the wire: the ULID's 26-character text.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                crate::openapi::ulid(concat!($($doc),*))
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ulid::from_string(s.trim()).map(Self).map_err(|_| InvalidId {
                    kind: $kind,
                    value: s.to_owned(),
                })
            }
        }
    };
}

ulid_id!(/// A clinic (tenant) of the platform.
    TenantId, "tenant");
ulid_id!(/// A treatment a clinic offers.
    TreatmentId, "treatment");
ulid_id!(/// A professional (dentist, hygienist) of a clinic.
    ProfessionalId, "professional");
ulid_id!(/// A chair (operatory) of a clinic.
    ChairId, "chair");
ulid_id!(/// A patient of a clinic.
    PatientId, "patient");
ulid_id!(/// A booking (appointment).
    BookingId, "booking");
ulid_id!(/// A signed-in account of any role.
    UserId, "user");
ulid_id!(/// A short hold on a slot while a patient fills the form.
    HoldId, "hold");
ulid_id!(/// An absence of a professional or a closure of the clinic.
    TimeOffId, "time off");
ulid_id!(/// One email Turnaki sent or tried to send.
    MessageId, "message");
ulid_id!(/// A patient's place on a clinic's waitlist.
    WaitlistEntryId, "waitlist entry");
ulid_id!(/// Freed time offered to one waitlist entry, held for its patient.
    OfferId, "offer");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_round_trips_through_its_text() {
        let id = BookingId::new();
        assert_eq!(id.to_string().parse::<BookingId>().unwrap(), id);
    }

    #[test]
    fn a_malformed_id_names_its_kind() {
        let err = "nope".parse::<PatientId>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`nope` is not a valid patient id (expected a 26-character ULID)"
        );
    }

    #[test]
    fn ids_made_later_sort_later() {
        let a = TenantId::new();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = TenantId::new();
        assert!(a < b);
    }
}
