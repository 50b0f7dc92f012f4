//! Rendering a message about one booking: subject, plain text, HTML and the calendar file,
//! in the clinic's language and with every time on the clinic's clock.

mod text;
mod wording;

use askama::Template;
use chrono::{DateTime, Offset, Utc};
use chrono_tz::Tz;
use lettre::Address;
use lettre::message::Mailbox;

pub use self::text::render_text;
use self::wording::Wording;
use super::ics;
use super::letter::Letter;
use super::mailer::{Message, MessageKind};
use crate::ids::MessageId;

/// Why a message could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The configured sender is not a mailbox.
    #[error("the sender `{0}` is not a valid mailbox")]
    Sender(String),
    /// The patient's address is one the mail library refuses.
    #[error("the patient's address `{0}` cannot be mailed to")]
    Recipient(String),
    /// A template failed to render.
    #[error("the message template failed: {0}")]
    Template(#[from] askama::Error),
}

/// The email for `letter`, with id `id`.
pub fn render(letter: &Letter<'_>, id: MessageId) -> Result<Message, RenderError> {
    let sender: Mailbox = letter
        .from
        .parse()
        .map_err(|_| RenderError::Sender(letter.from.to_owned()))?;
    let address: Address = letter
        .patient
        .email
        .as_str()
        .parse()
        .map_err(|_| RenderError::Recipient(letter.patient.email.to_string()))?;
    let words = Wording::of(letter.tenant.locale);
    let page = page(letter, words);
    let calendar_note = format!(
        "{}: {}\n{}: {}",
        words.professional, letter.professional.name, page.link_label, letter.manage_url
    );
    let offered = matches!(letter.kind, MessageKind::WaitlistOffer | MessageKind::Recall);
    // An offer is not an appointment yet: no calendar file, and no booking to name.
    let attachments = if offered {
        Vec::new()
    } else {
        vec![ics::invitation(
            letter,
            &sender.email,
            &calendar_note,
            words.calendar_file,
            stamp(id),
        )]
    };
    Ok(Message {
        id,
        tenant_id: letter.booking.tenant_id,
        booking_id: (!offered).then_some(letter.booking.id),
        kind: letter.kind,
        from: letter.from.to_owned(),
        to: Mailbox::new(Some(one_line(&letter.patient.name)), address).to_string(),
        text: Text { page: &page }.render()?,
        html: Html { page: &page }.render()?,
        subject: page.subject,
        attachments,
    })
}

/// What both bodies say, already worded in the clinic's language.
struct Content {
    lang: &'static str,
    subject: String,
    heading: &'static str,
    greeting: String,
    lead: &'static str,
    caption: &'static str,
    details: Vec<Detail>,
    link_label: &'static str,
    link: String,
    /// The question the action links answer, when there are any.
    ask: Option<&'static str>,
    /// "I'll be there", "Cancel", "Choose another time", each with its signed link.
    actions: Vec<Detail>,
    /// The cancellation window; a cancelled booking has none left to mention.
    policy: Option<String>,
    footer: String,
}

/// One labelled line of the details table.
struct Detail {
    label: &'static str,
    value: String,
}

#[derive(Template)]
#[template(path = "letter.html")]
struct Html<'a> {
    page: &'a Content,
}

#[derive(Template)]
#[template(path = "letter.txt")]
struct Text<'a> {
    page: &'a Content,
}

fn page(letter: &Letter<'_>, words: &'static Wording) -> Content {
    let (tenant, booking) = (letter.tenant, letter.booking);
    let clock = Clock {
        zone: tenant.time_zone.tz(),
        words,
    };
    let opening = words.opening(letter.kind);
    let cancelled = letter.kind == MessageKind::Cancellation;
    // A recall is about a visit to come, not the past one it names.
    let recalled = letter.kind == MessageKind::Recall;
    let detail = |label, value: &str| Detail {
        label,
        value: value.to_owned(),
    };
    let mut details = vec![
        detail(words.treatment, &letter.treatment.name),
        detail(words.professional, &letter.professional.name),
    ];
    match letter.previous_start {
        _ if recalled => details.push(detail(words.last_visit, &clock.long(booking.start))),
        Some(previous) => {
            details.push(detail(words.new_when, &clock.long(booking.start)));
            details.push(detail(words.previous_when, &clock.long(previous)));
        }
        None => details.push(detail(words.when, &clock.long(booking.start))),
    }
    if !recalled {
        details.push(detail(words.ends, &clock.end(booking.start, booking.end)));
    }
    details.push(detail(words.clinic, &tenant.name));
    if !tenant.address.trim().is_empty() {
        details.push(detail(words.address, &tenant.address));
    }
    Content {
        lang: tenant.locale.code(),
        subject: one_line(&if recalled {
            format!("{}: {} — {}", opening.subject, letter.treatment.name, tenant.name)
        } else {
            format!(
                "{}: {} — {}, {}",
                opening.subject,
                letter.treatment.name,
                tenant.name,
                clock.short(booking.start)
            )
        }),
        heading: opening.heading,
        greeting: (words.greeting)(&letter.patient.name),
        lead: opening.lead,
        caption: words.details,
        details,
        link_label: if recalled {
            words.book_now
        } else if cancelled || letter.held_until.is_some() {
            words.book_again
        } else {
            words.manage
        },
        link: letter.manage_url.to_owned(),
        ask: match (letter.actions.is_empty(), letter.held_until) {
            (true, _) => None,
            (false, Some(_)) => Some(words.offer_ask),
            (false, None) => Some(words.ask),
        },
        actions: letter
            .actions
            .iter()
            .map(|a| Detail {
                label: words.action(a.action),
                value: a.url.clone(),
            })
            .collect(),
        policy: match letter.held_until {
            Some(until) => Some((words.kept_until)(&clock.long(until))),
            None => (!cancelled && !recalled).then(|| (words.window)(tenant.rules.cancellation_window_hours())),
        },
        footer: (words.footer)(&tenant.name),
    }
}

/// Writes instants on the clinic's wall clock, in its language.
struct Clock {
    zone: Tz,
    words: &'static Wording,
}

impl Clock {
    /// Date, time and the zone with its offset at that instant (which DST may change).
    fn long(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.zone);
        let seconds = local.offset().fix().local_minus_utc();
        // U+2212 MINUS SIGN: a hyphen reads as a dash next to the time in many fonts.
        let sign = if seconds < 0 { '−' } else { '+' };
        let offset = format!("{sign}{:02}:{:02}", seconds.abs() / 3600, seconds.abs() % 3600 / 60);
        format!(
            "{} ({})",
            local.format_localized(self.words.long_date, self.words.chrono),
            (self.words.zone)(self.zone.name(), &offset)
        )
    }

    /// The end: its time alone when the visit ends the day it starts.
    fn end(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
        let (start, local) = (start.with_timezone(&self.zone), end.with_timezone(&self.zone));
        if start.date_naive() == local.date_naive() {
            self.time(end)
        } else {
            self.long(end)
        }
    }

    /// The time of day alone.
    fn time(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.zone).format("%H:%M").to_string()
    }

    /// The subject line's compact date and time.
    fn short(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.zone)
            .format_localized(self.words.short_date, self.words.chrono)
            .to_string()
    }
}

/// When the message was made, from its id: a ULID's first bits are its creation time, so
/// re-rendering the same message gives the same calendar file.
fn stamp(id: MessageId) -> DateTime<Utc> {
    i64::try_from(id.ulid().timestamp_ms())
        .ok()
        .and_then(DateTime::from_timestamp_millis)
        .unwrap_or_default()
}

/// `text` on one line: a line break in a stored name must not break a header.
fn one_line(text: &str) -> String {
    text.split(char::is_control)
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notification::fixture::{FROM, Fixture, MANAGE_URL, at};

    fn rendered(letter: &Letter<'_>) -> Message {
        render(letter, Fixture::message_id()).expect("the message renders")
    }

    #[test]
    fn a_confirmation_in_santiago_shows_the_clinic_time_with_its_zone_named() {
        let f = Fixture::santiago();
        let email = rendered(&f.letter(MessageKind::Confirmation));
        assert_eq!(
            email.subject,
            "Cita confirmada: Limpieza dental — Clínica Sonrisa, mar 24 nov 10:30"
        );
        let when = "martes, 24 de noviembre de 2026, 10:30 (hora de America/Santiago, UTC−03:00)";
        for body in [&email.text, &email.html] {
            assert!(body.contains(when), "no local time in:\n{body}");
            assert!(body.contains("11:15"), "no end time in:\n{body}");
            for shown in [
                "Limpieza dental",
                "Dra. Carmen Soto",
                "Clínica Sonrisa",
                "Av. Providencia 1234",
                MANAGE_URL,
            ] {
                assert!(body.contains(shown), "{shown} missing from:\n{body}");
            }
        }
        assert!(email.text.contains("hasta 24 horas antes"));
        assert!(email.html.contains(&format!("<a href=\"{MANAGE_URL}\"")));
    }

    #[test]
    fn a_madrid_visit_after_the_spring_change_shows_the_summer_offset() {
        // Madrid moves from UTC+1 to UTC+2 on 2026-03-29: 10:00 local is 09:00Z before, 08:00Z after.
        let before = Fixture::santiago().in_zone("Europe/Madrid", "2026-03-27T09:00:00Z");
        let after = Fixture::santiago().in_zone("Europe/Madrid", "2026-03-30T08:00:00Z");
        let before = rendered(&before.letter(MessageKind::Reminder));
        let after = rendered(&after.letter(MessageKind::Reminder));
        let winter = "viernes, 27 de marzo de 2026, 10:00 (hora de Europe/Madrid, UTC+01:00)";
        let summer = "lunes, 30 de marzo de 2026, 10:00 (hora de Europe/Madrid, UTC+02:00)";
        assert!(before.text.contains(winter), "{}", before.text);
        assert!(after.text.contains(summer), "{}", after.text);
        assert!(after.html.contains("UTC+02:00"));
        assert!(after.subject.ends_with("lun 30 mar 10:00"), "{}", after.subject);
    }

    #[test]
    fn an_english_clinic_writes_in_english_and_a_spanish_one_in_spanish() {
        let english = Fixture::santiago().in_english();
        let email = rendered(&english.letter(MessageKind::Confirmation));
        assert_eq!(
            email.subject,
            "Appointment confirmed: Limpieza dental — Clínica Sonrisa, Tue 24 Nov 10:30"
        );
        let when = "Tuesday, 24 November 2026, 10:30 (America/Santiago time, UTC−03:00)";
        assert!(email.text.contains(when), "{}", email.text);
        assert!(email.text.contains("up to 24 hours before it starts"));
        assert!(email.html.contains("<html lang=\"en\">") && email.html.contains(">Manage my appointment</a>"));
        assert!(!email.text.contains("Fecha") && !email.html.contains("Fecha"));
        assert_eq!(email.attachments[0].filename, "appointment.ics");

        let spanish = Fixture::santiago();
        let email = rendered(&spanish.letter(MessageKind::Confirmation));
        assert!(email.html.contains("<html lang=\"es\">") && email.html.contains(">Gestionar mi cita</a>"));
        assert!(!email.text.contains("Date and time") && !email.html.contains("Appointment"));
        assert_eq!(email.attachments[0].filename, "cita.ics");
    }

    #[test]
    fn every_kind_of_message_has_its_own_subject_in_both_languages() {
        let kinds = [
            MessageKind::Request,
            MessageKind::Confirmation,
            MessageKind::Reschedule,
            MessageKind::Cancellation,
            MessageKind::Reminder,
            MessageKind::ConfirmationRequest,
        ];
        for (f, prefixes) in [
            (
                Fixture::santiago(),
                [
                    "Solicitud de cita recibida: ",
                    "Cita confirmada: ",
                    "Cita cambiada: ",
                    "Cita cancelada: ",
                    "Recordatorio de su cita: ",
                    "Confirme su cita: ",
                ],
            ),
            (
                Fixture::santiago().in_english(),
                [
                    "Appointment request received: ",
                    "Appointment confirmed: ",
                    "Appointment moved: ",
                    "Appointment cancelled: ",
                    "Appointment reminder: ",
                    "Please confirm your appointment: ",
                ],
            ),
        ] {
            for (kind, prefix) in kinds.into_iter().zip(prefixes) {
                let email = rendered(&f.letter(kind));
                assert!(email.subject.starts_with(prefix), "{kind:?}: {}", email.subject);
                assert_eq!(email.kind, kind);
            }
        }
    }

    #[test]
    fn action_links_show_in_both_bodies_under_their_question_in_the_clinics_language() {
        use crate::domain::LinkAction;
        use crate::notification::ActionLink;
        let actions: Vec<ActionLink> = LinkAction::ON_BOOKING
            .into_iter()
            .map(|action| ActionLink {
                action,
                url: format!("{MANAGE_URL}/link#{action}-token"),
            })
            .collect();
        for (f, words) in [
            (
                Fixture::santiago(),
                ["¿Vendrá a su cita?", "Asistiré", "Cancelar", "Elegir otra hora"],
            ),
            (
                Fixture::santiago().in_english(),
                ["Will you come?", "I'll be there", "Cancel", "Choose another time"],
            ),
        ] {
            let letter = Letter {
                actions: &actions,
                ..f.letter(MessageKind::Reminder)
            };
            let email = rendered(&letter);
            for word in words {
                assert!(email.text.contains(word), "{word} missing from:\n{}", email.text);
            }
            for action in LinkAction::ON_BOOKING {
                let url = format!("{MANAGE_URL}/link#{action}-token");
                assert!(
                    email.text.contains(&format!(": {url}")),
                    "{url} missing from:\n{}",
                    email.text
                );
                assert!(
                    email.html.contains(&format!("<a href=\"{url}\"")),
                    "{url} missing from the HTML"
                );
            }
        }
        let plain = rendered(&Fixture::santiago().letter(MessageKind::Reminder));
        assert!(!plain.text.contains("¿Vendrá") && !plain.html.contains("/link#"));
    }

    #[test]
    fn a_request_says_the_clinic_has_yet_to_confirm() {
        let f = Fixture::santiago();
        let email = rendered(&f.letter(MessageKind::Request));
        assert!(email.text.contains("cuando la confirme"), "{}", email.text);
    }

    #[test]
    fn a_reschedule_mentions_the_old_and_the_new_time() {
        let f = Fixture::santiago();
        let letter = Letter {
            previous_start: Some(at("2026-11-23T12:00:00Z")),
            ..f.letter(MessageKind::Reschedule)
        };
        let email = rendered(&letter);
        for body in [&email.text, &email.html] {
            assert!(body.contains("Nueva fecha y hora") && body.contains("Fecha y hora anterior"));
            assert!(body.contains("martes, 24 de noviembre de 2026, 10:30"), "{body}");
            assert!(body.contains("lunes, 23 de noviembre de 2026, 09:00"), "{body}");
        }
        assert!(
            email.subject.ends_with("mar 24 nov 10:30"),
            "the subject gives the new time"
        );
    }

    #[test]
    fn a_cancellation_offers_to_book_again_instead_of_the_cancellation_window() {
        let f = Fixture::santiago();
        let email = rendered(&f.letter(MessageKind::Cancellation));
        assert!(email.text.contains(&format!("Reservar una nueva hora: {MANAGE_URL}")));
        assert!(email.html.contains(">Reservar una nueva hora</a>"));
        assert!(!email.text.contains("Puede cancelar") && !email.html.contains("Puede cancelar"));
        assert!(email.attachments[0].content_type.contains("method=CANCEL"));
    }

    #[test]
    fn the_html_escapes_a_hostile_patient_name() {
        let mut f = Fixture::santiago();
        f.patient.name = "<script>alert('x')</script> & Co".into();
        let email = rendered(&f.letter(MessageKind::Confirmation));
        assert!(!email.html.contains("<script>"), "{}", email.html);
        assert!(
            email
                .html
                .contains("Hola, &#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; Co:")
        );
        assert!(
            email.text.contains("Hola, <script>alert('x')</script> & Co:"),
            "plain text is not HTML"
        );
    }

    #[test]
    fn the_recipient_parses_as_a_mailbox_whatever_the_patient_is_called() {
        for (name, shown) in [
            ("Pérez, Ana", "Pérez, Ana"),
            ("Ana \"Anita\" Pérez", "Ana \"Anita\" Pérez"),
            ("Ana\r\nBcc: intruso@example.com", "Ana Bcc: intruso@example.com"),
            ("O'Higgins <Bernardo>", "O'Higgins <Bernardo>"),
        ] {
            let mut f = Fixture::santiago();
            f.patient.name = name.into();
            let email = rendered(&f.letter(MessageKind::Confirmation));
            let mailbox: Mailbox = email.to.parse().unwrap_or_else(|e| panic!("{:?}: {e}", email.to));
            assert_eq!(mailbox.name.as_deref(), Some(shown));
            assert_eq!(mailbox.email.to_string(), "ana.perez@example.cl");
        }
    }

    #[test]
    fn a_rendered_email_becomes_a_mime_message_with_the_calendar_part() {
        let f = Fixture::santiago();
        let email = rendered(&f.letter(MessageKind::Confirmation));
        let mime = String::from_utf8(email.mime().expect("a sendable message").formatted()).expect("UTF-8");
        // lettre writes the charset in lower case.
        let mime = mime.to_lowercase();
        assert!(
            mime.contains("content-type: text/calendar; method=request; charset=utf-8"),
            "{mime}"
        );
        assert!(mime.contains("filename=\"cita.ics\"") && mime.contains("text/html") && mime.contains("text/plain"));
    }

    #[test]
    fn the_email_belongs_to_the_booking_and_renders_the_same_every_time() {
        let f = Fixture::santiago();
        let letter = f.letter(MessageKind::Confirmation);
        let email = rendered(&letter);
        assert_eq!(
            (email.id, email.tenant_id, email.booking_id, email.from.as_str()),
            (Fixture::message_id(), f.booking.tenant_id, Some(f.booking.id), FROM)
        );
        assert_eq!(email.to, "Ana Pérez <ana.perez@example.cl>");
        assert_eq!(email.attachments.len(), 1);
        // The calendar file is stamped with the id's creation time, not the clock's.
        assert!(email.attachments[0].content.contains("DTSTAMP:20261120T120000Z"));
        assert_eq!(rendered(&letter), email);
    }

    #[test]
    fn a_sender_that_is_not_a_mailbox_is_refused() {
        let f = Fixture::santiago();
        let letter = Letter {
            from: "Clínica Sonrisa",
            ..f.letter(MessageKind::Confirmation)
        };
        assert!(matches!(
            render(&letter, Fixture::message_id()),
            Err(RenderError::Sender(from)) if from == "Clínica Sonrisa"
        ));
    }
}
