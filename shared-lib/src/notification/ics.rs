//! The calendar invitation sent with every message (RFC 5545 and iTIP, RFC 5546): one event
//! per booking, so each new message updates, or cancels, the entry the last one made.

use chrono::{DateTime, Utc};
use icalendar::{Attendee, Calendar, Component, EventLike, EventStatus, Property};
use icalendar::{PartStat, Role};
use lettre::Address;

use super::letter::Letter;
use super::mailer::{Attachment, MessageKind};
use crate::domain::BookingStatus;

/// The calendar file for `letter`'s booking: `organizer` sends it, `description` is its
/// note (in the clinic's language), `filename` its name, `stamp` when it was made.
pub(super) fn invitation(
    letter: &Letter<'_>,
    organizer: &Address,
    description: &str,
    filename: &str,
    stamp: DateTime<Utc>,
) -> Attachment {
    let (booking, tenant) = (letter.booking, letter.tenant);
    let (method, status) = match letter.kind {
        MessageKind::Cancellation => ("CANCEL", EventStatus::Cancelled),
        // The clinic has yet to confirm a request, whatever message is about it.
        MessageKind::Request => ("REQUEST", EventStatus::Tentative),
        _ if booking.status == BookingStatus::Pending => ("REQUEST", EventStatus::Tentative),
        _ => ("REQUEST", EventStatus::Confirmed),
    };
    let event = icalendar::Event::new()
        // One UID per booking and its version as SEQUENCE: calendars replace the entry
        // of an earlier message instead of adding a second one.
        .uid(&format!("{}@turnaki", booking.id))
        .sequence(u32::try_from(booking.version).unwrap_or(u32::MAX))
        .timestamp(stamp)
        .starts(booking.start)
        .ends(booking.end)
        .summary(&format!("{} — {}", letter.treatment.name, tenant.name))
        .location(&tenant.address)
        .description(description)
        .url(letter.manage_url)
        .status(status)
        .append_property(
            Property::new("ORGANIZER", format!("mailto:{organizer}"))
                .add_parameter("CN", &parameter(&tenant.name))
                .done(),
        )
        .attendee(Attendee {
            cn: Some(parameter(&letter.patient.name)),
            role: Some(Role::ReqParticipant),
            part_stat: Some(PartStat::Accepted),
            // The patient chose the time; asking their calendar to reply would mail the sender.
            rsvp: Some(false),
            ..Attendee::new(format!("mailto:{}", letter.patient.email))
        })
        .done();
    let calendar = Calendar::empty()
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Turnaki//Turnaki//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", method))
        .push(event)
        .done();
    Attachment {
        filename: filename.to_owned(),
        content_type: format!("text/calendar; method={method}; charset=UTF-8"),
        content: calendar.to_string(),
    }
}

/// `text` fit for a parameter value such as CN, which cannot hold a double quote or a
/// line break at all (RFC 5545 §3.1).
fn parameter(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| *c != '"')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use icalendar::{CalendarDateTime, DatePerhapsTime, Event};

    use super::*;
    use crate::notification::fixture::{Fixture, MANAGE_URL, at};

    fn invite(letter: &Letter<'_>) -> Attachment {
        let organizer: Address = "citas@turnaki.example".parse().expect("an address");
        invitation(
            letter,
            &organizer,
            "Profesional: Dra. Carmen Soto",
            "cita.ics",
            at("2026-11-20T12:00:00Z"),
        )
    }

    /// The file read back with the crate's parser, and its one event.
    fn read(attachment: &Attachment) -> (Calendar, Event) {
        let calendar: Calendar = attachment.content.parse().expect("the file parses");
        let event = calendar.events().next().expect("one event").clone();
        (calendar, event)
    }

    #[test]
    fn an_invitation_parses_back_with_method_request_the_uid_and_a_utc_start() {
        let f = Fixture::santiago();
        let attachment = invite(&f.letter(MessageKind::Confirmation));
        assert_eq!(attachment.content_type, "text/calendar; method=REQUEST; charset=UTF-8");
        assert_eq!(attachment.filename, "cita.ics");
        let (calendar, event) = read(&attachment);
        assert_eq!(calendar.property_value("METHOD"), Some("REQUEST"));
        assert_eq!(event.get_uid(), Some(format!("{}@turnaki", f.booking.id).as_str()));
        assert_eq!(event.get_sequence(), Some(1));
        let utc = |s| Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at(s))));
        assert_eq!(event.get_start(), utc("2026-11-24T13:30:00Z"));
        assert_eq!(event.get_end(), utc("2026-11-24T14:15:00Z"));
        assert_eq!(event.get_timestamp(), Some(at("2026-11-20T12:00:00Z")));
        assert_eq!(event.get_status(), Some(EventStatus::Confirmed));
        assert_eq!(event.get_summary(), Some("Limpieza dental — Clínica Sonrisa"));
        assert_eq!(
            event.get_location(),
            Some("Av. Providencia 1234, Providencia, Santiago")
        );
        assert_eq!(event.get_description(), Some("Profesional: Dra. Carmen Soto"));
        assert_eq!(event.get_url(), Some(MANAGE_URL));
        assert_eq!(event.property_value("ORGANIZER"), Some("mailto:citas@turnaki.example"));
        let attendees = event.get_attendees();
        assert_eq!(attendees.len(), 1);
        assert_eq!(attendees[0].cal_address, "mailto:ana.perez@example.cl");
        assert_eq!(attendees[0].cn.as_deref(), Some("Ana Pérez"));
    }

    #[test]
    fn a_cancellation_cancels_the_same_event_with_a_higher_sequence() {
        let mut f = Fixture::santiago();
        let (_, confirmed) = read(&invite(&f.letter(MessageKind::Confirmation)));
        f.booking.status = BookingStatus::Cancelled;
        f.booking.version += 1;
        let attachment = invite(&f.letter(MessageKind::Cancellation));
        assert_eq!(attachment.content_type, "text/calendar; method=CANCEL; charset=UTF-8");
        let (calendar, cancelled) = read(&attachment);
        assert_eq!(calendar.property_value("METHOD"), Some("CANCEL"));
        assert_eq!(cancelled.get_status(), Some(EventStatus::Cancelled));
        assert_eq!(cancelled.get_uid(), confirmed.get_uid());
        assert!(cancelled.get_sequence() > confirmed.get_sequence());
    }

    #[test]
    fn a_booking_the_clinic_has_not_confirmed_is_tentative() {
        let mut f = Fixture::santiago();
        f.booking.status = BookingStatus::Pending;
        for kind in [MessageKind::Request, MessageKind::Reminder, MessageKind::Reschedule] {
            let (_, event) = read(&invite(&f.letter(kind)));
            assert_eq!(event.get_status(), Some(EventStatus::Tentative), "{kind:?}");
        }
        f.booking.status = BookingStatus::Confirmed;
        let (_, event) = read(&invite(&f.letter(MessageKind::Reminder)));
        assert_eq!(event.get_status(), Some(EventStatus::Confirmed));
    }

    #[test]
    fn names_with_quotes_commas_and_line_breaks_keep_the_file_parseable() {
        let mut f = Fixture::santiago();
        f.tenant.name = "Clínica \"La Sonrisa\", Ñuñoa".into();
        f.patient.name = "Pérez; Ana\r\n\"Anita\"".into();
        let (_, event) = read(&invite(&f.letter(MessageKind::Confirmation)));
        assert_eq!(event.get_attendees()[0].cn.as_deref(), Some("Pérez; Ana Anita"));
        assert_eq!(
            event.get_summary(),
            Some("Limpieza dental — Clínica \"La Sonrisa\", Ñuñoa")
        );
        assert_eq!(event.get_uid(), Some(format!("{}@turnaki", f.booking.id).as_str()));
    }
}
