//! Reception books for a patient at the desk or on the phone: treatment, professional, a
//! free time, and who the patient is. A retried submit books once (`Idempotency-Key`).

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use turnaki_shared::api::bookings::{BookingView, NewBooking, WalkIn};
use turnaki_shared::api::paths;
use turnaki_shared::api::problem::ProblemCode;

use super::slots::FreeTimes;
use super::{Picker, Said, desk};
use crate::api::ApiError;
use crate::api::idempotency_key;
use crate::i18n::lang;
use crate::session::state;
use crate::time::{Shown, show, to_local};
use crate::ui::{Field, ProblemNote};

/// The walk-in or phone booking form.
#[component]
pub(super) fn WalkInForm() -> impl IntoView {
    let desk = desk();
    let app = state();
    let zone = desk.zone();
    let treatment = RwSignal::new(String::new());
    let professional = RwSignal::new(String::new());
    let day = RwSignal::new(desk.day.get_untracked());
    let chosen = RwSignal::new(None::<DateTime<Utc>>);
    let reload = RwSignal::new(0);
    let (name, email, phone, notes) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // One key per booking attempt: kept across network retries, renewed once the server
    // has answered, so a second patient is not mistaken for a retry of the first.
    let key = RwSignal::new(idempotency_key());
    let treatments = desk.catalog.with_value(|c| {
        c.treatments
            .iter()
            .filter(|t| t.active)
            .map(|t| (t.id.to_string(), t.name.clone()))
            .collect::<Vec<_>>()
    });
    // Only those who perform the chosen treatment.
    let professionals = Signal::derive(move || {
        let t = treatment.get().parse().ok();
        desk.catalog.with_value(|c| {
            c.professionals
                .iter()
                .filter(|p| t.is_some_and(|t| p.performs(t)))
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    // A professional chosen for another treatment may not perform this one.
    Effect::new(move |_| {
        treatment.track();
        professional.set(String::new());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(start) = chosen.get_untracked() else {
            return;
        };
        let opt = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        let body = NewBooking {
            treatment_id: treatment.get_untracked(),
            professional_id: professional.get_untracked(),
            start: start.to_rfc3339(),
            chair_id: None,
            hold_id: None,
            notes: opt(notes),
            patient_id: None,
            patient: Some(WalkIn {
                name: name.get_untracked().trim().to_owned(),
                email: email.get_untracked().trim().to_owned(),
                phone: opt(phone),
            }),
        };
        let client = app.client();
        let idempotency = key.get_untracked();
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let answer = client
                .post_once::<_, BookingView>(&paths::bookings(), &body, &idempotency)
                .await;
            busy.set(false);
            match answer {
                Ok(booked) => {
                    let who = booked
                        .patient_name
                        .clone()
                        .unwrap_or(body.patient.map(|p| p.name).unwrap_or_default());
                    let at = booked.booking.start;
                    desk.adding.set(false);
                    desk.day.set(to_local(zone, at).date());
                    desk.selected.set(Some(booked.booking.id));
                    desk.changed(Said::new(|l| {
                        let when = show(l, zone, at, Shown::DayTime);
                        l.pick(
                            format!("Cita reservada: {who}, {when}."),
                            format!("Booked: {who}, {when}."),
                        )
                    }));
                }
                Err(e) => {
                    if e.status().is_some() {
                        key.set(idempotency_key());
                    }
                    if e.code() == Some(ProblemCode::SlotTaken) {
                        reload.update(|n| *n += 1);
                    }
                    failure.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="card walk-in" id="walk-in" aria-labelledby="walk-in-title">
            <h2 id="walk-in-title">
                {move || {
                    lang().pick("Nueva cita: paciente presencial o por teléfono", "New appointment: walk-in or phone")
                }}
            </h2>
            <form on:submit=submit>
                <ProblemNote error=failure />
                <div class="walk-in-grid">
                    <Picker
                        id="walk-in-treatment"
                        label=|l| l.pick("Tratamiento", "Treatment")
                        options=Signal::stored(treatments)
                        value=treatment
                        blank=|l| l.pick("Elige un tratamiento", "Choose a treatment")
                        required=true
                    />
                    <Picker
                        id="walk-in-professional"
                        label=|l| l.pick("Profesional", "Professional")
                        options=professionals
                        value=professional
                        blank=|l| l.pick("Elige un profesional", "Choose a professional")
                        required=true
                    />
                    <div class="field">
                        <label for="walk-in-day">{move || lang().pick("Día", "Day")}</label>
                        <input
                            id="walk-in-day"
                            type="date"
                            required=true
                            data-testid="walk-in-day"
                            prop:value=move || day.get().to_string()
                            on:change:target=move |ev| {
                                if let Ok(d) = ev.target().value().parse::<NaiveDate>() {
                                    day.set(d);
                                }
                            }
                        />
                    </div>
                    <FreeTimes id="walk-in-time" treatment professional day chosen reload />
                    <Field
                        name="patient.name"
                        label=|l| l.pick("Nombre del paciente", "Patient's name")
                        value=name
                        error=failure
                        required=true
                        autocomplete="name"
                    />
                    <Field
                        name="patient.email"
                        label=|l| l.pick("Correo", "Email")
                        value=email
                        error=failure
                        kind="email"
                        required=true
                        autocomplete="email"
                    />
                    <Field
                        name="patient.phone"
                        label=|l| l.pick("Teléfono (opcional)", "Phone (optional)")
                        value=phone
                        error=failure
                        kind="tel"
                        autocomplete="tel"
                    />
                    <div class="field">
                        <label for="walk-in-notes">{move || lang().pick("Notas (opcional)", "Notes (optional)")}</label>
                        <textarea
                            id="walk-in-notes"
                            rows="2"
                            data-testid="walk-in-notes"
                            prop:value=move || notes.get()
                            on:input:target=move |ev| notes.set(ev.target().value())
                        ></textarea>
                    </div>
                </div>
                <div class="actions">
                    <button type="submit" class="btn primary" data-testid="walk-in-submit" disabled=move || busy.get()>
                        {move || lang().pick("Reservar", "Book")}
                    </button>
                    <button type="button" class="btn" on:click=move |_| desk.adding.set(false)>
                        {move || lang().pick("Cerrar", "Close")}
                    </button>
                </div>
            </form>
        </section>
    }
}
