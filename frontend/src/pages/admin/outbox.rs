//! The outbox: every email the clinic sent or tried to send, newest first, with where its
//! delivery stands and its text.

use leptos::prelude::*;
use turnaki_shared::api::outbox::{OutboxContent, OutboxMessage};
use turnaki_shared::api::paths::{self, PageQuery};
use turnaki_shared::domain::{DeliveryStatus, MessageKind};

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
                let (kind, status) = (m.content.kind(), m.status);
                let (to, subject, text) = match &m.content {
                    OutboxContent::Email(e) => (e.to.clone(), Some(e.subject.clone()), e.text.clone()),
                    OutboxContent::Sms(t) => (t.to.to_string(), None, t.body.clone()),
                };
                let segments = m.content.text().map(|t| t.segments.count);
                view! {
                    <tr data-testid="outbox-row">
                        <td>{when}</td>
                        <td>{to}</td>
                        <th scope="row">
                            {match (subject, segments) {
                                (Some(subject), _) => subject.into_any(),
                                (None, n) => {
                                    let n = n.unwrap_or_default();
                                    (move || lang().pick(format!("SMS · {n} segmento(s)"), format!("Text · {n} segment(s)")))
                                        .into_any()
                                }
                            }}
                        </th>
                        <td>{move || kind_name(lang(), kind)}</td>
                        <td>
                            <span class=format!("badge status-{}", status_class(status))>
                                {move || status_name(lang(), status)}
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
            <Table caption=("Correos enviados", "Sent emails") columns=&[
                    ("Creado", "Created"),
                    ("Para", "To"),
                    ("Asunto", "Subject"),
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
            <h2>{move || lang().pick("Correos enviados", "Sent emails")}</h2>
            {paged.refresh_button("outbox-refresh")}
        </div>
        {listing(paged, |l| l.pick("Todavía no se ha enviado ningún correo.", "No emails sent yet."), table)}
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

/// Where its delivery stands.
fn status_name(lang: Lang, status: DeliveryStatus) -> &'static str {
    match status {
        DeliveryStatus::Stored => lang.pick("Guardado", "Stored"),
        DeliveryStatus::Relayed => lang.pick("Entregado al servidor de correo", "Relayed"),
        DeliveryStatus::Failed => lang.pick("Falló", "Failed"),
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
