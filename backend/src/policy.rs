//! Who may do what (DESIGN §6): one table of (role, action) → allowed, consulted by every
//! handler. Which clinic and which records a caller reaches is decided by `Caller` and the
//! handlers, always from the token.

use turnaki_shared::domain::Role;

/// Everything the API lets someone do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
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
}

impl Action {
    /// Every action, for exhaustive tests.
    pub const ALL: [Self; 16] = [
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
    ];
}

/// Whether `role` may do `action` at all (the record-level checks come after).
pub const fn allows(role: Role, action: Action) -> bool {
    use Action as A;
    use Role::{Admin, Dentist, Owner, Patient, Reception};
    match action {
        A::ManageClinics => matches!(role, Owner),
        A::ReadClinic => matches!(role, Owner | Admin | Dentist | Reception),
        A::UpdateClinic | A::ReadUsage => matches!(role, Owner | Admin),
        A::ReadCatalog | A::ReadCalendar => matches!(role, Admin | Dentist | Reception),
        A::EditCatalog | A::ManageChairs | A::ManageStaff | A::ReadOutbox => matches!(role, Admin),
        A::ManageTimeOff => matches!(role, Admin | Reception),
        A::Book | A::MoveBooking => matches!(role, Admin | Reception | Patient),
        A::ReadOwnBookings => matches!(role, Patient),
        A::ReadBooking => matches!(role, Admin | Dentist | Reception | Patient),
        A::ChangeBooking => matches!(role, Admin | Dentist | Reception),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, written out as the product decided it: a change to `allows`
    /// that is not also made here fails.
    const EXPECTED: [(Action, &[Role]); 16] = {
        use Action as A;
        use Role::{Admin, Dentist, Owner, Patient, Reception};
        [
            (A::ManageClinics, &[Owner]),
            (A::ReadClinic, &[Owner, Admin, Dentist, Reception]),
            (A::UpdateClinic, &[Owner, Admin]),
            (A::ReadCatalog, &[Admin, Dentist, Reception]),
            (A::EditCatalog, &[Admin]),
            (A::ManageTimeOff, &[Admin, Reception]),
            (A::ManageChairs, &[Admin]),
            (A::ManageStaff, &[Admin]),
            (A::Book, &[Admin, Reception, Patient]),
            (A::ReadCalendar, &[Admin, Dentist, Reception]),
            (A::ReadOwnBookings, &[Patient]),
            (A::ReadBooking, &[Admin, Dentist, Reception, Patient]),
            (A::MoveBooking, &[Admin, Reception, Patient]),
            (A::ChangeBooking, &[Admin, Dentist, Reception]),
            (A::ReadUsage, &[Owner, Admin]),
            (A::ReadOutbox, &[Admin]),
        ]
    };

    #[test]
    fn the_policy_table_is_exactly_what_the_product_decided() {
        assert_eq!(EXPECTED.map(|(a, _)| a), Action::ALL);
        for (action, roles) in EXPECTED {
            for role in Role::ALL {
                assert_eq!(allows(role, action), roles.contains(&role), "{role} {action:?}");
            }
        }
    }

    #[test]
    fn the_owner_reads_no_patient_data() {
        for action in [
            Action::ReadCalendar,
            Action::ReadBooking,
            Action::ReadOwnBookings,
            Action::Book,
        ] {
            assert!(!allows(Role::Owner, action));
        }
    }
}
