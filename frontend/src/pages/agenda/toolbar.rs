//! The desk's header: the clinic and its zone, which days are shown, the date navigation,
//! the view switch, reception's professional filter and the walk-in button.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::{Picker, desk};
use crate::calendar::{Scope, week_of};
use crate::i18n::{Lang, lang};
use crate::time::{Shown, now, show_date, today, zone_city};

/// The header and controls of the desk.
#[component]
pub(super) fn Toolbar() -> impl IntoView {
    let desk = desk();
    let (clinic_name, zone) = desk.clinic.with_value(|c| (c.name.clone(), c.time_zone.name()));
    let title = move || match desk.staff {
        true => lang().pick("Agenda de la clínica", "Clinic calendar"),
        false => lang().pick("Mi agenda", "My agenda"),
    };
    let zone_note = move || {
        let l = lang();
        format!(
            "{clinic_name} · {} {} ({zone})",
            l.pick("Horario de", "Times in"),
            zone_city(zone)
        )
    };
    let range = move || {
        let l = lang();
        let day = desk.day.get();
        match desk.scope.get() {
            Scope::Day => show_date(l, day, Shown::LongDay),
            Scope::Week => {
                let week = week_of(day);
                format!(
                    "{} – {}",
                    show_date(l, week[0], Shown::Day),
                    show_date(l, week[6], Shown::Day)
                )
            }
        }
    };
    view! {
        <header class="agenda-head">
            <h1>{title}</h1>
            <p class="muted agenda-zone" data-testid="agenda-zone">{zone_note}</p>
            <div class="agenda-tools">
                <DateNav />
                <ViewSwitch />
                {desk.staff.then(|| view! { <ProfessionalFilter /> })}
                {desk.staff.then(|| {
                    view! {
                        <button
                            type="button"
                            class="btn primary"
                            data-testid="new-booking"
                            aria-expanded=move || desk.adding.get().to_string()
                            aria-controls="walk-in"
                            on:click=move |_| desk.adding.update(|open| *open = !*open)
                        >
                            {move || lang().pick("Nueva cita", "New appointment")}
                        </button>
                    }
                })}
            </div>
            <h2 class="agenda-range" data-testid="agenda-range">{range}</h2>
        </header>
    }
}

/// Previous, today, next, and a date to jump to.
#[component]
fn DateNav() -> impl IntoView {
    let desk = desk();
    let go = move |steps: i64| desk.day.update(|d| *d = desk.scope.get_untracked().step(*d, steps));
    let unit = move |l: Lang, back: bool| match (desk.scope.get(), back) {
        (Scope::Day, true) => l.pick("Día anterior", "Previous day"),
        (Scope::Day, false) => l.pick("Día siguiente", "Next day"),
        (Scope::Week, true) => l.pick("Semana anterior", "Previous week"),
        (Scope::Week, false) => l.pick("Semana siguiente", "Next week"),
    };
    view! {
        <div class="agenda-nav" role="group" aria-label=move || lang().pick("Fecha", "Date")>
            <button
                type="button"
                class="btn"
                data-testid="prev"
                aria-label=move || unit(lang(), true)
                on:click=move |_| go(-1)
            >
                <span aria-hidden="true">"‹"</span>
            </button>
            <button
                type="button"
                class="btn"
                data-testid="today"
                on:click=move |_| desk.day.set(today(desk.zone(), now()))
            >
                {move || lang().pick("Hoy", "Today")}
            </button>
            <button
                type="button"
                class="btn"
                data-testid="next"
                aria-label=move || unit(lang(), false)
                on:click=move |_| go(1)
            >
                <span aria-hidden="true">"›"</span>
            </button>
            <label class="agenda-date">
                <span class="vh">{move || lang().pick("Ir a la fecha", "Go to date")}</span>
                <input
                    type="date"
                    data-testid="date"
                    prop:value=move || desk.day.get().to_string()
                    on:change:target=move |ev| {
                        if let Ok(day) = ev.target().value().parse::<NaiveDate>() {
                            desk.day.set(day);
                        }
                    }
                />
            </label>
        </div>
    }
}

/// Day by professional, week, or day by chair.
#[component]
fn ViewSwitch() -> impl IntoView {
    let desk = desk();
    let switch = move |testid: &'static str, scope: Scope, chairs: bool, text: fn(Lang) -> &'static str| {
        let on = move || desk.scope.get() == scope && (scope == Scope::Week || desk.by_chair.get() == chairs);
        view! {
            <button
                type="button"
                class="btn"
                data-testid=testid
                aria-pressed=move || on().to_string()
                on:click=move |_| {
                    desk.scope.set(scope);
                    if scope == Scope::Day {
                        desk.by_chair.set(chairs);
                    }
                }
            >
                {move || text(lang())}
            </button>
        }
    };
    view! {
        <div class="agenda-views" role="group" aria-label=move || lang().pick("Vista", "View")>
            {switch("view-day", Scope::Day, false, |l| l.pick("Día", "Day"))}
            {switch("view-week", Scope::Week, false, |l| l.pick("Semana", "Week"))}
            {switch("view-chairs", Scope::Day, true, |l| l.pick("Sillones", "Chairs"))}
        </div>
    }
}

/// Reception narrows the calendar to one professional.
#[component]
fn ProfessionalFilter() -> impl IntoView {
    let desk = desk();
    let options = desk.catalog.with_value(|c| {
        c.professionals
            .iter()
            .filter(|p| p.active)
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect::<Vec<_>>()
    });
    view! {
        <Picker
            id="professional-filter"
            label=|l| l.pick("Profesional", "Professional")
            options=Signal::stored(options)
            value=desk.professional
            blank=|l| l.pick("Todos", "Everyone")
        />
    }
}
