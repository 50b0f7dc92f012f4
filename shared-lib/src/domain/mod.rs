//! The domain: plain types and pure rules, free of storage, HTTP and AWS.

mod availability;
mod booking;
mod contact;
mod era;
mod event;
mod grid;
mod hold;
mod locale;
mod message;
mod money;
mod people;
mod reminder;
mod slug;
mod staff;
mod tenant;
mod treatment;
mod weekly_hours;
mod zone;

pub use availability::{AvailabilityRequest, Taken, free_starts, granule_count};
pub use booking::{Booking, BookingStatus, IllegalTransition, InvalidStatus};
pub use contact::{Email, InvalidEmail, InvalidPhone, Phone};
pub use era::{EraDate, EraInstant, FIRST_YEAR, LAST_YEAR, OutOfEra};
pub use event::{BookingChange, BookingEvent};
pub use grid::Grid;
pub use hold::Hold;
pub use locale::{InvalidLocale, Locale};
pub use message::{Attachment, DeliveryStatus, Message, MessageKind};
pub use money::{InvalidMoney, Money};
pub use people::{InvalidRole, Patient, Role, User};
pub use reminder::{Reminder, ReminderKind, ReminderStatus};
pub use slug::{InvalidSlug, Slug};
pub use staff::{Chair, InvalidTimeOff, Professional, TimeOff, TimeOffScope};
pub use tenant::{BookingRules, BookingRulesParts, Granularity, InvalidSettings, Tenant};
pub use treatment::{InvalidTreatment, Treatment};
pub use weekly_hours::{InvalidHours, WeeklyHours, WorkInterval};
pub use zone::{InvalidTimeZone, TimeZone};
