//! One booking opened from the calendar: who, what, when, its status and its reminders,
//! above what may be done to it now.

use leptos::prelude::*;
use turnaki_shared::api::bookings::BookingView;
use turnaki_shared::api::paths;
use turnaki_shared::domain::PatientAnswer;
use turnaki_shared::ids::BookingId;
use wasm_bindgen::JsCast;

use super::actions::Actions;
use super::data::{reminder_kind_word, reminder_status_word};
use super::{Said, desk, failed};
use crate::i18n::{answer_words, booking_status, lang};
use crate::session::state;
use crate::time::{Shown, show, zone_city};
use crate::ui::{Empty, Failure, Loading, ProblemNote};

/// The detail panel of the selected booking.
#[component]
pub(super) fn Detail(id: BookingId) -> impl IntoView {
    let desk = desk();
    let app = state();
    let booking = LocalResource::new(move || {
        desk.refresh.track();
        let client = app.client();
        async move { client.get::<BookingView>(&paths::booking(id)).await }
    });
    let failure: Failure = RwSignal::new(None);
    let heading = NodeRef::<leptos::html::H2>::new();
    // Opening a booking takes the reader to it, and so does every change made here (the
    // button pressed may be gone from the new state).
    let to_heading = move || {
        if let Some(h) = heading.get_untracked() {
            let _ = h.focus();
        }
    };
    Effect::new(move |_| {
        if heading.get().is_some() {
            to_heading();
        }
    });
    let done = Callback::new(move |message: Said| {
        failure.set(None);
        desk.changed(message);
        to_heading();
    });
    let close = move || {
        desk.selected.set(None);
        focus_block(id);
    };
    view! {
        <aside
            class="card booking-detail"
            id="booking-detail"
            data-testid="booking-detail"
            aria-labelledby="booking-detail-title"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        >
            <div class="detail-head">
                <h2 id="booking-detail-title" tabindex="-1" node_ref=heading>
                    {move || lang().pick("Detalle de la cita", "Appointment details")}
                </h2>
                <button type="button" class="btn" data-testid="close-detail" on:click=move |_| close()>
                    {move || lang().pick("Cerrar", "Close")}
                </button>
            </div>
            <ProblemNote error=failure />
            {move || match booking.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => failed(e).into_any(),
                Some(Ok(b)) => {
                    view! {
                        <Facts b=b.clone() />
                        <Actions b=b.clone() failure done />
                        <Reminders b />
                    }
                        .into_any()
                }
            }}
        </aside>
    }
}

/// Puts the keyboard back on the calendar block the panel was opened from.
fn focus_block(id: BookingId) {
    let block = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&format!("[data-booking-id=\"{id}\"]")).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(block) = block {
        let _ = block.focus();
    }
}

#[component]
fn Facts(b: BookingView) -> impl IntoView {
    let desk = desk();
    let zone = desk.zone();
    let booking = b.booking;
    let (professional, treatment, chair) = desk.catalog.with_value(|c| {
        (
            c.professional(booking.professional_id),
            c.treatment(booking.treatment_id),
            booking.chair_id.map(|id| c.chair(id)),
        )
    });
    let patient = b.patient_name;
    let status = booking.status;
    let (start, end) = (booking.start, booking.end);
    let notes = booking.notes;
    let answer = booking.answer;
    let called = booking.called;
    let term = |es: &'static str, en: &'static str| view! { <dt>{move || lang().pick(es, en)}</dt> };
    view! {
        <dl class="detail-facts">
            {term("Paciente", "Patient")}
            <dd data-testid="booking-patient">
                {move || patient.clone().unwrap_or_else(|| lang().pick("Paciente", "Patient").into())}
            </dd>
            {term("Tratamiento", "Treatment")}
            <dd>{treatment}</dd>
            {term("Profesional", "Professional")}
            <dd>{professional}</dd>
            {term("Sillón", "Chair")}
            <dd>{move || chair.clone().unwrap_or_else(|| lang().pick("Sin sillón", "No chair").into())}</dd>
            <dt>{move || format!("{} ({})", lang().pick("Hora", "Time"), zone_city(zone))}</dt>
            <dd data-testid="booking-time">
                {move || {
                    let l = lang();
                    format!("{}–{}", show(l, zone, start, Shown::DayTime), show(l, zone, end, Shown::Time))
                }}
            </dd>
            {term("Estado", "Status")}
            <dd>
                <span class=format!("badge status-{status}") data-testid="booking-status" data-status=status.as_str()>
                    {move || booking_status(lang(), status)}
                </span>
            </dd>
            {term("Respuesta del paciente", "Patient's answer")}
            <dd>
                <span class=format!("badge answer-{}", answer.as_str()) data-testid="booking-answer" data-answer=answer.as_str()>
                    {move || {
                        let l = lang();
                        match answer {
                            PatientAnswer::Confirmed { at } | PatientAnswer::Declined { at } => {
                                format!("{} · {}", answer_words(l, answer), show(l, zone, at, Shown::DayTime))
                            }
                            PatientAnswer::Unconfirmed => answer_words(l, answer).to_owned(),
                        }
                    }}
                </span>
            </dd>
            {called.map(|call| view! {
                {term("Llamado", "Called")}
                <dd data-testid="booking-called">{move || show(lang(), zone, call.at, Shown::DayTime)}</dd>
            })}
            {term("Notas", "Notes")}
            <dd>{if notes.trim().is_empty() { "—".to_owned() } else { notes }}</dd>
        </dl>
    }
}

/// Each reminder on one line: "Ahead: sent · due Tue 24 Nov, 10:00 · 1 attempt · Sent …".
#[component]
fn Reminders(b: BookingView) -> impl IntoView {
    let zone = desk().zone();
    let rows = b
        .reminder_status
        .into_iter()
        .map(|r| {
            let line = move || {
                let l = lang();
                let mut parts = vec![
                    format!("{} {}", l.pick("vence", "due"), show(l, zone, r.due, Shown::DayTime)),
                    format!("{} {}", r.attempts, l.pick("intento(s)", "attempt(s)")),
                ];
                if let Some(at) = r.sent_at {
                    parts.push(format!(
                        "{} {}",
                        l.pick("enviado", "sent"),
                        show(l, zone, at, Shown::DayTime)
                    ));
                }
                if let Some(error) = &r.last_error {
                    parts.push(format!("{}: {error}", l.pick("último error", "last error")));
                }
                parts.join(" · ")
            };
            view! {
                <li data-testid="reminder-status" data-kind=r.kind.as_str() data-status=r.status.as_str()>
                    <strong>{move || reminder_kind_word(lang(), r.kind)}</strong>
                    ": "
                    <span class=format!("badge reminder-{}", r.status.as_str())>
                        {move || reminder_status_word(lang(), r.status)}
                    </span>
                    " · "
                    {line}
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <h3>{move || lang().pick("Recordatorios", "Reminders")}</h3>
        {if rows.is_empty() {
            view! { <Empty text=|l| l.pick("Sin recordatorios programados.", "No reminders scheduled.") /> }.into_any()
        } else {
            view! { <ul class="detail-reminders">{rows}</ul> }.into_any()
        }}
    }
}
