//! `/<slug>/appointments`: a patient's appointments at one clinic, upcoming first, with
//! past ones a click away; each opens its manage page to change or cancel it.

use leptos::prelude::*;
use turnaki_shared::api::Page;
use turnaki_shared::api::bookings::BookingView;
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::domain::Role;

use super::clinic::{AccountForm, clinic_profile, slug_param, with_clinic};
use crate::i18n::{booking_status, lang};
use crate::session::state;
use crate::time::{Shown, show};
use crate::ui::{Empty, Failure, Loading, ProblemNote};

/// The page.
#[component]
pub fn MyAppointments() -> impl IntoView {
    let slug = slug_param();
    let profile = clinic_profile(slug);
    let app = state();
    view! {
        <div class="narrow">
            {with_clinic(profile, move |p| {
                let back = format!("/{}", p.slug);
                view! {
                    <h1>{move || lang().pick("Mis citas", "My appointments")} " · " {p.name.clone()}</h1>
                    <p><a href=back data-testid="book-more">{move || lang().pick("Reservar una hora", "Book an appointment")}</a></p>
                    {move || {
                        let patient = app.session.with(|s| s.as_ref().is_some_and(|s| s.role == Role::Patient));
                        if patient {
                            view! { <List profile=p.clone() /> }.into_any()
                        } else {
                            view! { <AccountForm slug=p.slug.to_string() /> }.into_any()
                        }
                    }}
                }
            })}
        </div>
    }
}

#[component]
fn List(profile: ClinicProfile) -> impl IntoView {
    let past = RwSignal::new(false);
    let items = RwSignal::new(Vec::<BookingView>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let failure: Failure = RwSignal::new(None);
    let load = move |more: bool| {
        let client = state().client();
        let mut path = format!("/v1/me/bookings?limit=20&past={}", past.get_untracked());
        if more && let Some(c) = cursor.get_untracked() {
            path.push_str(&format!("&cursor={}", crate::api::encode(&c)));
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            match client.get::<Page<BookingView>>(&path).await {
                Ok(page) => {
                    items.update(|all| {
                        if !more {
                            all.clear();
                        }
                        all.extend(page.items);
                    });
                    cursor.set(page.cursor);
                    failure.set(None);
                }
                Err(e) => failure.set(Some(e)),
            }
            loading.set(false);
        });
    };
    load(false);
    let profile = StoredValue::new(profile);
    let switch = move |to_past: bool| {
        past.set(to_past);
        load(false);
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
        <ProblemNote error=failure />
        <ul class="appointments" aria-busy=move || loading.get().to_string()>
            <For each=move || items.get() key=|b| (b.booking.id, b.booking.version) let:b>
                <Item view=b profile />
            </For>
        </ul>
        {move || (loading.get() && items.with(Vec::is_empty)).then(|| view! { <Loading /> })}
        {move || (!loading.get() && items.with(Vec::is_empty) && failure.with(Option::is_none)).then(|| view! {
            <Empty text=|l| l.pick("No tienes citas aquí.", "You have no appointments here.") />
        })}
        {move || cursor.get().map(|_| view! {
            <button type="button" class="btn" data-testid="load-more" on:click=move |_| load(true)>
                {move || lang().pick("Ver más", "Show more")}
            </button>
        })}
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
