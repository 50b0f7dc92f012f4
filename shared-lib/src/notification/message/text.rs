//! What a text message says: the clinic, the time and one link, in the clinic's language,
//! and nothing about the treatment (a phone's lock screen shows it to anyone nearby).

use super::{Clock, Wording};
use crate::domain::{LinkAction, Locale, Phone, Segments, TextMessage};
use crate::ids::MessageId;
use crate::notification::MessageKind;
use crate::notification::letter::Letter;

/// The text for `letter` to `to`, with id `id`.
pub fn render_text(letter: &Letter<'_>, id: MessageId, to: Phone) -> TextMessage {
    let words = Wording::of(letter.tenant.locale);
    let clock = Clock {
        zone: letter.tenant.time_zone.tz(),
        words,
    };
    let when = clock.short(letter.booking.start);
    let held = letter.held_until.map(|at| clock.time(at)).unwrap_or_default();
    let body = format!(
        "{}: {} {}",
        one_line(&letter.tenant.name),
        said(letter.tenant.locale, letter.kind, &when, &held),
        link(letter)
    );
    let offered = matches!(letter.kind, MessageKind::WaitlistOffer | MessageKind::Recall);
    TextMessage {
        id,
        tenant_id: letter.booking.tenant_id,
        booking_id: (!offered).then_some(letter.booking.id),
        kind: letter.kind,
        to,
        segments: Segments::of(&body),
        body,
    }
}

/// The one link a text carries: the first of its action links ("I'll be there", "Take
/// it"), else the page the email links to.
fn link<'a>(letter: &Letter<'a>) -> &'a str {
    letter
        .actions
        .iter()
        .find(|a| matches!(a.action, LinkAction::Confirm | LinkAction::Take))
        .map_or(letter.manage_url, |a| a.url.as_str())
}

/// The sentence of a text of `kind`. Spanish words with accents outside the GSM alphabet
/// (á, í, ó, ú) are avoided where another word says the same: one would make the whole
/// text UCS-2, at 70 characters a segment instead of 160.
fn said(locale: Locale, kind: MessageKind, when: &str, held: &str) -> String {
    match (locale, kind) {
        (Locale::Es, MessageKind::Request) => {
            format!("recibimos su solicitud para el {when}; le avisaremos al confirmarla.")
        }
        (Locale::Es, MessageKind::Confirmation) => format!("confirmamos su hora del {when}."),
        (Locale::Es, MessageKind::Reschedule) => format!("su nueva hora es el {when}."),
        (Locale::Es, MessageKind::Cancellation) => format!("su hora del {when} fue cancelada."),
        (Locale::Es, MessageKind::Reminder) => format!("le esperamos el {when}. Confirme o cambie su hora:"),
        (Locale::Es, MessageKind::ConfirmationRequest) => format!("¿viene el {when}? Confirme:"),
        (Locale::Es, MessageKind::WaitlistOffer) => {
            format!("se libera una hora el {when}, reservada para usted hasta las {held}. Para tomarla:")
        }
        (Locale::Es, MessageKind::Recall) => "es tiempo de su control. Reserve su hora:".to_owned(),
        (Locale::En, MessageKind::Request) => format!("we received your request for {when}; we will confirm it."),
        (Locale::En, MessageKind::Confirmation) => format!("your appointment on {when} is confirmed."),
        (Locale::En, MessageKind::Reschedule) => format!("your appointment is now on {when}."),
        (Locale::En, MessageKind::Cancellation) => format!("your appointment on {when} is cancelled."),
        (Locale::En, MessageKind::Reminder) => format!("see you on {when}. Confirm or change:"),
        (Locale::En, MessageKind::ConfirmationRequest) => format!("are you coming on {when}? Confirm:"),
        (Locale::En, MessageKind::WaitlistOffer) => {
            format!("a time opened on {when}, held for you until {held}. Take it:")
        }
        (Locale::En, MessageKind::Recall) => "it is time for your next check-up. Book:".to_owned(),
    }
}

/// `text` on one line, spaces collapsed: a clinic name is the text's first word.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TextEncoding;
    use crate::notification::ActionLink;
    use crate::notification::fixture::{Fixture, MANAGE_URL};

    fn phone() -> Phone {
        "+56961234567".parse().unwrap()
    }

    #[test]
    fn a_reminder_names_the_clinic_the_time_and_the_confirm_link_and_not_the_treatment() {
        let fixture = Fixture::santiago();
        let actions = [
            ActionLink {
                action: LinkAction::Confirm,
                url: "https://t.example/confirm#tok".into(),
            },
            ActionLink {
                action: LinkAction::Cancel,
                url: "https://t.example/cancel#tok".into(),
            },
        ];
        let letter = Letter {
            actions: &actions,
            ..fixture.letter(MessageKind::Reminder)
        };
        let text = render_text(&letter, Fixture::message_id(), phone());
        assert!(
            text.body.starts_with(&format!("{}: ", fixture.tenant.name)),
            "{}",
            text.body
        );
        assert!(text.body.ends_with("https://t.example/confirm#tok"), "{}", text.body);
        assert!(!text.body.contains(&fixture.treatment.name), "{}", text.body);
        assert!(!text.body.contains(&fixture.professional.name), "{}", text.body);
        assert_eq!(text.segments, Segments::of(&text.body));
        assert_eq!(text.to, phone());
    }

    #[test]
    fn a_text_without_action_links_carries_the_page_the_email_links_to() {
        let fixture = Fixture::santiago();
        let text = render_text(
            &fixture.letter(MessageKind::Cancellation),
            Fixture::message_id(),
            phone(),
        );
        assert!(text.body.ends_with(MANAGE_URL), "{}", text.body);
    }

    #[test]
    fn every_kind_of_text_says_its_piece_in_under_110_characters_before_its_link() {
        let mut fixture = Fixture::santiago();
        for locale in [Locale::Es, Locale::En] {
            fixture.tenant.locale = locale;
            for kind in MessageKind::ALL {
                let text = render_text(&fixture.letter(kind), Fixture::message_id(), phone());
                let words = text.body.trim_end_matches(MANAGE_URL);
                assert!(words.chars().count() < 110, "{locale:?} {kind:?}: {}", text.body);
                assert_eq!(text.segments, Segments::of(&text.body));
            }
        }
    }

    #[test]
    fn an_english_text_from_a_clinic_without_accents_stays_in_the_gsm_alphabet() {
        let mut fixture = Fixture::santiago().in_english();
        fixture.tenant.name = "Sonrisa Dental".into();
        let text = render_text(&fixture.letter(MessageKind::Reminder), Fixture::message_id(), phone());
        assert_eq!(text.segments.encoding, TextEncoding::Gsm7, "{}", text.body);
        assert_eq!(text.segments.count, 1, "{}", text.body);
    }
}
