//! Reception books for a patient at the desk or on the phone: treatment, professional, a
//! free time, and who the patient is. A retried submit books once (`Idempotency-Key`). The
//! treatment and professional choices and the patient's fields serve the waitlist's "add"
//! form too.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use turnaki_shared::api::bookings::{BookingView, NewBooking, WalkIn};
use turnaki_shared::api::paths;
use turnaki_shared::api::problem::ProblemCode;

use super::data::Catalog;
use super::slots::FreeTimes;
use super::{Picker, Said, desk};
use crate::api::ApiError;
use crate::api::idempotency_key;
use crate::i18n::lang;
use crate::session::state;
use crate::time::{Shown, show, to_local};
use crate::ui::{Failure, Field, ProblemNote};

/// The clinic's active treatments, as choices.
pub(super) fn treatment_choices(catalog: StoredValue<Catalog>) -> Vec<(String, String)> {
    catalog.with_value(|c| {
        c.treatments
            .iter()
            .filter(|t| t.active)
            .map(|t| (t.id.to_string(), t.name.clone()))
            .collect()
    })
}

/// Only those who perform the chosen `treatment`, as choices; a professional chosen for
/// another treatment is let go, for they may not perform this one.
pub(super) fn performer_choices(
    catalog: StoredValue<Catalog>,
    treatment: RwSignal<String>,
    professional: RwSignal<String>,
) -> Signal<Vec<(String, String)>> {
    Effect::new(move |_| {
        treatment.track();
        professional.set(String::new());
    });
    Signal::derive(move || {
        let t = treatment.get().parse().ok();
        catalog.with_value(|c| {
            c.professionals
                .iter()
                .filter(|p| t.is_some_and(|t| p.performs(t)))
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect()
        })
    })
}

/// A patient at the desk or on the phone, new to the clinic, as typed.
#[derive(Debug, Clone, Copy)]
pub(super) struct PatientForm {
    name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
}

impl PatientForm {
    pub(super) fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
        }
    }

    /// The patient as the API takes them: trimmed, no phone when none was typed.
    pub(super) fn walk_in(self) -> WalkIn {
        walk_in(
            &self.name.get_untracked(),
            &self.email.get_untracked(),
            &self.phone.get_untracked(),
        )
    }
}

/// A new patient from what reception typed.
pub fn walk_in(name: &str, email: &str, phone: &str) -> WalkIn {
    let phone = phone.trim();
    WalkIn {
        name: name.trim().to_owned(),
        email: email.trim().to_owned(),
        phone: (!phone.is_empty()).then(|| phone.to_owned()),
    }
}

/// The patient's name, email and phone, each showing its own error.
#[component]
pub(super) fn PatientFields(form: PatientForm, failure: Failure) -> impl IntoView {
    view! {
        <Field
            name="patient.name"
            label=|l| l.pick("Nombre del paciente", "Patient's name")
            value=form.name
            error=failure
            required=true
            autocomplete="name"
        />
        <Field
            name="patient.email"
            label=|l| l.pick("Correo", "Email")
            value=form.email
            error=failure
            kind="email"
            required=true
            autocomplete="email"
        />
        <Field
            name="patient.phone"
            label=|l| l.pick("Teléfono (opcional)", "Phone (optional)")
            value=form.phone
            error=failure
            kind="tel"
            autocomplete="tel"
        />
    }
}

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
    let patient = PatientForm::new();
    let notes = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // One key per booking attempt: kept across network retries, renewed once the server
    // has answered, so a second patient is not mistaken for a retry of the first.
    let key = RwSignal::new(idempotency_key());
    let treatments = treatment_choices(desk.catalog);
    let professionals = performer_choices(desk.catalog, treatment, professional);
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
            patient: Some(patient.walk_in()),
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
                    <PatientFields form=patient failure />
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patient_on_the_phone_is_sent_trimmed_and_without_an_empty_phone() {
        let p = walk_in("  Rosa Díaz ", " rosa@example.com", "   ");
        assert_eq!(
            (p.name.as_str(), p.email.as_str(), p.phone),
            ("Rosa Díaz", "rosa@example.com", None)
        );
        assert_eq!(
            walk_in("R", "r@x.cl", " +56 9 6123 4567 ").phone.as_deref(),
            Some("+56 9 6123 4567")
        );
    }
}
