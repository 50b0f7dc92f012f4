//! The outbox: every email and text the clinic sent or tried to send, newest first, with
//! its channel (and a text's SMS segments, which the clinic pays for), where its delivery
//! stands and its text.

use leptos::prelude::*;
use turnaki_shared::api::outbox::{OutboxContent, OutboxMessage};
use turnaki_shared::api::paths::{self, PageQuery};
use turnaki_shared::domain::{Channel, DeliveryStatus, MessageKind, Segments, TextEncoding};

use super::Clinic;
use crate::i18n::{Lang, lang};
use crate::paged::{Paged, listing};
use crate::time::{Shown, show};
use crate::ui::Table;

/// The outbox tab.
#[component]
pub fn Outbox() -> impl IntoView {
    let clinic = expect_context::<Clinic>();
    let paged = Paged::<OutboxMessage>::new(paths::with_query(
        paths::outbox(),
        &PageQuery {
            cursor: None,
            limit: Some(50),
        },
    ));
    let table = move |items: Vec<OutboxMessage>| {
        let rows = items
            .into_iter()
            .map(|m| {
                let created = m.created_at;
                let when = move || {
                    clinic
                        .0
                        .with(|t| show(lang(), t.time_zone.name(), created, Shown::DayTime))
                };
                let (kind, status, channel) = (m.content.kind(), m.status, m.content.channel());
                let (to, text) = match &m.content {
                    OutboxContent::Email(e) => (e.to.clone(), e.text.clone()),
                    OutboxContent::Sms(t) => (t.to.to_string(), t.body.clone()),
                };
                let heading = headline(&m.content);
                let segments = m.content.text().map(|t| {
                    let segments = t.segments;
                    view! { <span class="segments" data-testid="outbox-segments">{move || segments_words(lang(), segments)}</span> }
                });
                view! {
                    <tr data-testid="outbox-row" data-channel=channel_class(channel)>
                        <td>{when}</td>
                        <td>
                            <span class=format!("badge channel-{}", channel_class(channel))>
                                {move || channel_name(lang(), channel)}
                            </span>
                            " "
                            {segments}
                        </td>
                        <td>{to}</td>
                        <th scope="row">{heading}</th>
                        <td>{move || kind_name(lang(), kind)}</td>
                        <td>
                            <span class=format!("badge status-{}", status_class(status))>
                                {move || status_name(lang(), status, channel)}
                            </span>
                        </td>
                        <td>{m.attempts}</td>
                        <td>{m.last_error.clone()}</td>
                        <td>
                            <details>
                                <summary>{move || lang().pick("Ver texto", "View text")}</summary>
                                <pre class="mail-text">{text}</pre>
                            </details>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Table caption=("Mensajes enviados", "Sent messages") columns=&[
                    ("Creado", "Created"),
                    ("Canal", "Channel"),
                    ("Para", "To"),
                    ("Asunto o comienzo", "Subject or opening"),
                    ("Tipo", "Kind"),
                    ("Estado", "Status"),
                    ("Intentos", "Attempts"),
                    ("Último error", "Last error"),
                    ("Texto", "Text"),
            ]>
                {rows}
            </Table>
        }
    };
    view! {
        <div class="section-head">
            <h2>{move || lang().pick("Mensajes enviados", "Sent messages")}</h2>
            {paged.refresh_button("outbox-refresh")}
        </div>
        {listing(paged, |l| l.pick("Todavía no se ha enviado ningún mensaje.", "No messages sent yet."), table)}
    }
}

/// How long a text's opening runs in its row, before the rest is behind "View text".
const OPENING_CHARS: usize = 60;

/// What names the row: an email's subject, or a text's opening (a text has no subject).
fn headline(content: &OutboxContent) -> String {
    match content {
        OutboxContent::Email(e) => e.subject.clone(),
        OutboxContent::Sms(t) => match t.body.char_indices().nth(OPENING_CHARS) {
            Some((cut, _)) => format!("{}…", t.body[..cut].trim_end()),
            None => t.body.clone(),
        },
    }
}

/// A text's cost: its segments and their encoding.
fn segments_words(lang: Lang, segments: Segments) -> String {
    let count = match segments.count {
        1 => lang.pick("1 segmento", "1 segment").to_owned(),
        n => format!("{n} {}", lang.pick("segmentos", "segments")),
    };
    let encoding = match segments.encoding {
        TextEncoding::Gsm7 => "GSM-7",
        TextEncoding::Ucs2 => "Unicode",
    };
    format!("{count} · {encoding}")
}

/// The channel, in words.
fn channel_name(lang: Lang, channel: Channel) -> &'static str {
    match channel {
        Channel::Email => lang.pick("Correo", "Email"),
        Channel::Sms => lang.pick("Mensaje de texto", "Text"),
    }
}

/// The channel's stable name, for styling and tests.
fn channel_class(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "email",
        Channel::Sms => "sms",
    }
}

/// What the message tells the patient.
fn kind_name(lang: Lang, kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Request => lang.pick("Solicitud", "Request"),
        MessageKind::Confirmation => lang.pick("Confirmación", "Confirmation"),
        MessageKind::Reschedule => lang.pick("Cambio de hora", "Reschedule"),
        MessageKind::Cancellation => lang.pick("Cancelación", "Cancellation"),
        MessageKind::Reminder => lang.pick("Recordatorio", "Reminder"),
        MessageKind::ConfirmationRequest => lang.pick("Petición de confirmación", "Confirmation request"),
        MessageKind::WaitlistOffer => lang.pick("Oferta de la lista de espera", "Waitlist offer"),
        MessageKind::Recall => lang.pick("Recordatorio de control", "Recall"),
    }
}

/// Where its delivery stands; a relayed text went to the SMS provider, not a mail server.
fn status_name(lang: Lang, status: DeliveryStatus, channel: Channel) -> &'static str {
    match (status, channel) {
        (DeliveryStatus::Stored, _) => lang.pick("Guardado", "Stored"),
        (DeliveryStatus::Relayed, Channel::Email) => lang.pick("Entregado al servidor de correo", "Relayed"),
        (DeliveryStatus::Relayed, Channel::Sms) => lang.pick("Entregado al proveedor de SMS", "Relayed"),
        (DeliveryStatus::Failed, _) => lang.pick("Falló", "Failed"),
    }
}

/// The status's stable name, for styling.
fn status_class(status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Stored => "stored",
        DeliveryStatus::Relayed => "relayed",
        DeliveryStatus::Failed => "failed",
    }
}

#[cfg(test)]
mod tests {
    use turnaki_shared::domain::TextMessage;
    use turnaki_shared::ids::{MessageId, TenantId};

    use super::*;

    fn text(body: &str) -> OutboxContent {
        OutboxContent::Sms(TextMessage {
            id: MessageId::new(),
            tenant_id: TenantId::new(),
            booking_id: None,
            kind: MessageKind::Reminder,
            to: "+56961234567".parse().unwrap(),
            body: body.to_owned(),
            segments: Segments::of(body),
        })
    }

    #[test]
    fn a_texts_row_is_named_by_its_opening_cut_at_a_character() {
        let short = "Sonrisa: su hora es mañana a las 10:00.";
        assert_eq!(headline(&text(short)), short);
        let long = format!("{}ñandú y más", "á".repeat(OPENING_CHARS - 2));
        assert_eq!(headline(&text(&long)), format!("{}ña…", "á".repeat(OPENING_CHARS - 2)));
    }

    #[test]
    fn a_texts_segments_say_how_many_and_how_encoded() {
        assert_eq!(segments_words(Lang::Es, Segments::of("Hola")), "1 segmento · GSM-7");
        let unicode = Segments::of(&"á".repeat(71));
        assert_eq!(unicode.encoding, TextEncoding::Ucs2);
        assert_eq!(segments_words(Lang::En, unicode), "2 segments · Unicode");
    }
}
