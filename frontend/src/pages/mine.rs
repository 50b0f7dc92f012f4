//! `/<slug>/appointments`: a patient's appointments at one clinic, upcoming first, with
//! past ones a click away; each opens its manage page to change or cancel it. Below them,
//! the patient's waitlist entries and, where the clinic texts, their text-message settings.

use leptos::prelude::*;
use turnaki_shared::api::bookings::{BookingView, MyBookingsQuery};
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::api::paths;

use super::clinic::{AsPatient, clinic_profile, slug_param, with_clinic};
use super::texts::MyTextsPanel;
use super::waitlist::MyWaitlist;
use crate::i18n::{booking_status, lang};
use crate::paged::{Paged, Record, listing};
use crate::time::{Shown, show};

/// The page.
#[component]
pub fn MyAppointments() -> impl IntoView {
    let slug = slug_param();
    let profile = clinic_profile(slug);
    view! {
        <div class="narrow">
            {with_clinic(profile, move |p| {
                let back = format!("/{}", p.slug);
                view! {
                    <h1>{move || lang().pick("Mis citas", "My appointments")} " · " {p.name.clone()}</h1>
                    <p><a href=back data-testid="book-more">{move || lang().pick("Reservar una hora", "Book an appointment")}</a></p>
                    <AsPatient slug=p.slug.to_string() texts=p.texts>
                        <List profile=p.clone() />
                        <MyWaitlist profile=StoredValue::new(p.clone()) />
                        <MyTextsPanel zone=p.time_zone.name() offered=p.texts />
                    </AsPatient>
                }
            })}
        </div>
    }
}

/// The patient's appointments, upcoming (soonest first) or past (newest first).
fn list_path(past: bool) -> String {
    let query = MyBookingsQuery {
        cursor: None,
        limit: Some("20".to_owned()),
        past: Some(past),
    };
    paths::with_query(paths::my_bookings(), &query)
}

#[component]
fn List(profile: ClinicProfile) -> impl IntoView {
    let past = RwSignal::new(false);
    let paged = Paged::<BookingView>::new(list_path(false));
    let profile = StoredValue::new(profile);
    let switch = move |to_past: bool| {
        past.set(to_past);
        paged.retarget(list_path(to_past));
    };
    let items = move |views: Vec<BookingView>| {
        view! {
            <ul class="appointments">
                {views.into_iter().map(|v| view! { <Item view=v profile /> }).collect_view()}
            </ul>
        }
    };
    view! {
        <div role="tablist" class="tabs">
            <button type="button" role="tab" data-testid="upcoming" aria-selected=move || (!past.get()).to_string() on:click=move |_| switch(false)>
                {move || lang().pick("Próximas", "Upcoming")}
            </button>
            <button type="button" role="tab" data-testid="past" aria-selected=move || past.get().to_string() on:click=move |_| switch(true)>
                {move || lang().pick("Anteriores", "Past")}
            </button>
        </div>
        {listing(paged, |l| l.pick("No tienes citas aquí.", "You have no appointments here."), items)}
    }
}

impl Record for BookingView {
    fn key(&self) -> String {
        self.booking.id.to_string()
    }
}

#[component]
fn Item(view: BookingView, profile: StoredValue<ClinicProfile>) -> impl IntoView {
    let b = view.booking;
    let (zone, slug, treatment, professional) = profile.with_value(|p| {
        (
            p.time_zone.name(),
            p.slug.to_string(),
            p.treatments
                .iter()
                .find(|t| t.id == b.treatment_id)
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            p.professionals
                .iter()
                .find(|x| x.id == b.professional_id)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
        )
    });
    let manage = format!("/{slug}/appointments/{}", b.id);
    let status = b.status;
    view! {
        <li class="appointment card" data-testid="appointment" data-booking-id=b.id.to_string() data-status=status.to_string()>
            <p class="when">
                <strong>{move || show(lang(), zone, b.start, Shown::LongDay)}</strong>
                ", "
                {move || show(lang(), zone, b.start, Shown::Time)}
            </p>
            <p>{treatment} " · " {professional}</p>
            <p class=format!("badge status-{status}")>{move || booking_status(lang(), status)}</p>
            <a href=manage data-testid="manage-link">{move || lang().pick("Ver, cambiar o cancelar", "View, change or cancel")}</a>
        </li>
    }
}
