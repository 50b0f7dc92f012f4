//! Who may do what (DESIGN §6): one table of (role, permission) → allowed, consulted by every
//! handler. Which clinic and which records a caller reaches is decided by `Caller` and the
//! handlers, always from the token.

use turnaki_shared::domain::Role;

/// Everything the API lets someone do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Onboard clinics and list them all.
    ManageClinics,
    /// Read one clinic's settings.
    ReadClinic,
    /// Change one clinic's settings.
    UpdateClinic,
    /// Read treatments, professionals and chairs.
    ReadCatalog,
    /// Create, change and archive treatments and professionals.
    EditCatalog,
    /// Record and remove absences and closures.
    ManageTimeOff,
    /// Create, change and archive chairs.
    ManageChairs,
    /// List and create staff accounts.
    ManageStaff,
    /// Create a booking.
    Book,
    /// Read the clinic's calendar.
    ReadCalendar,
    /// Read one's own appointments.
    ReadOwnBookings,
    /// Read one booking.
    ReadBooking,
    /// Cancel or reschedule a booking.
    MoveBooking,
    /// Change a booking's status or notes.
    ChangeBooking,
    /// Read bookings-per-month figures.
    ReadUsage,
    /// Read the messages sent to the clinic's patients (embedded outbox).
    ReadOutbox,
    /// Read the to-call list of unconfirmed appointments and record calls.
    CallPatients,
    /// Join the waitlist and see and leave one's own entries.
    JoinWaitlist,
    /// Read the clinic's waitlist with its offers.
    ReadWaitlist,
    /// Add patients to the clinic's waitlist and remove entries.
    ManageWaitlist,
    /// Read the patients due back for a treatment.
    ReadRecalls,
    /// Read the clinic's month of confirmations, no-shows, waitlist fills and recalls.
    ReadFigures,
    /// Accept or stop text messages to one's own phone.
    AnswerTexts,
}

impl Permission {
    /// Every permission, for exhaustive tests.
    pub const ALL: [Self; 23] = [
        Self::ManageClinics,
        Self::ReadClinic,
        Self::UpdateClinic,
        Self::ReadCatalog,
        Self::EditCatalog,
        Self::ManageTimeOff,
        Self::ManageChairs,
        Self::ManageStaff,
        Self::Book,
        Self::ReadCalendar,
        Self::ReadOwnBookings,
        Self::ReadBooking,
        Self::MoveBooking,
        Self::ChangeBooking,
        Self::ReadUsage,
        Self::ReadOutbox,
        Self::CallPatients,
        Self::JoinWaitlist,
        Self::ReadWaitlist,
        Self::ManageWaitlist,
        Self::ReadRecalls,
        Self::ReadFigures,
        Self::AnswerTexts,
    ];
}

/// Whether `role` may do `permission` at all (the record-level checks come after).
pub const fn allows(role: Role, permission: Permission) -> bool {
    use Permission as P;
    use Role::{Admin, Dentist, Owner, Patient, Reception};
    match permission {
        P::ManageClinics => matches!(role, Owner),
        P::ReadClinic => matches!(role, Owner | Admin | Dentist | Reception),
        P::UpdateClinic | P::ReadUsage => matches!(role, Owner | Admin),
        P::ReadCatalog | P::ReadCalendar => matches!(role, Admin | Dentist | Reception),
        P::EditCatalog | P::ManageChairs | P::ManageStaff | P::ReadOutbox | P::ReadFigures => matches!(role, Admin),
        P::ManageTimeOff => matches!(role, Admin | Reception),
        P::Book | P::MoveBooking => matches!(role, Admin | Reception | Patient),
        P::ReadOwnBookings => matches!(role, Patient),
        P::ReadBooking => matches!(role, Admin | Dentist | Reception | Patient),
        P::ChangeBooking => matches!(role, Admin | Dentist | Reception),
        P::CallPatients | P::ManageWaitlist | P::ReadRecalls => matches!(role, Admin | Reception),
        P::JoinWaitlist | P::AnswerTexts => matches!(role, Patient),
        P::ReadWaitlist => matches!(role, Admin | Dentist | Reception),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, written out as the product decided it: a change to `allows`
    /// that is not also made here fails.
    const EXPECTED: [(Permission, &[Role]); 23] = {
        use Permission as P;
        use Role::{Admin, Dentist, Owner, Patient, Reception};
        [
            (P::ManageClinics, &[Owner]),
            (P::ReadClinic, &[Owner, Admin, Dentist, Reception]),
            (P::UpdateClinic, &[Owner, Admin]),
            (P::ReadCatalog, &[Admin, Dentist, Reception]),
            (P::EditCatalog, &[Admin]),
            (P::ManageTimeOff, &[Admin, Reception]),
            (P::ManageChairs, &[Admin]),
            (P::ManageStaff, &[Admin]),
            (P::Book, &[Admin, Reception, Patient]),
            (P::ReadCalendar, &[Admin, Dentist, Reception]),
            (P::ReadOwnBookings, &[Patient]),
            (P::ReadBooking, &[Admin, Dentist, Reception, Patient]),
            (P::MoveBooking, &[Admin, Reception, Patient]),
            (P::ChangeBooking, &[Admin, Dentist, Reception]),
            (P::ReadUsage, &[Owner, Admin]),
            (P::ReadOutbox, &[Admin]),
            (P::CallPatients, &[Admin, Reception]),
            (P::JoinWaitlist, &[Patient]),
            (P::ReadWaitlist, &[Admin, Dentist, Reception]),
            (P::ManageWaitlist, &[Admin, Reception]),
            (P::ReadRecalls, &[Admin, Reception]),
            (P::ReadFigures, &[Admin]),
            (P::AnswerTexts, &[Patient]),
        ]
    };

    #[test]
    fn the_policy_table_is_exactly_what_the_product_decided() {
        assert_eq!(EXPECTED.map(|(a, _)| a), Permission::ALL);
        for (permission, roles) in EXPECTED {
            for role in Role::ALL {
                assert_eq!(allows(role, permission), roles.contains(&role), "{role} {permission:?}");
            }
        }
    }

    #[test]
    fn the_owner_reads_no_patient_data() {
        for permission in [
            Permission::ReadCalendar,
            Permission::ReadBooking,
            Permission::ReadOwnBookings,
            Permission::Book,
        ] {
            assert!(!allows(Role::Owner, permission));
        }
    }
}
