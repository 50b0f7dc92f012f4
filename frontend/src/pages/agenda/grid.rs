//! The day grid (a column per professional or chair, bookings drawn to scale) and the week
//! (a column per day, bookings in order). Every booking is a button named the way a
//! screen reader should say it: "10:00–10:45 Ana Pérez, Limpieza, confirmada".

use chrono::NaiveDate;
use leptos::prelude::*;
use turnaki_shared::api::bookings::BookingView;
use turnaki_shared::domain::{Booking, WeeklyHours};
use turnaki_shared::ids::{ChairId, ProfessionalId};

use super::data::Catalog;
use super::desk;
use crate::calendar::{Entry, HourSpan, Scope, by_day, hour_span, lay_out_day, wall_minutes, week_of, working_minutes};
use crate::i18n::{Lang, answer_words, booking_status, lang};
use crate::time::{Shown, show, show_date};
use crate::ui::Empty;

/// How tall a minute is drawn.
const PX_PER_MINUTE: f64 = 1.2;

/// A column of the day grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Professional(ProfessionalId),
    /// A chair; `None` gathers the bookings that have none.
    Chair(Option<ChairId>),
}

impl Column {
    fn of(booking: &Booking, by_chair: bool) -> Self {
        match by_chair {
            true => Self::Chair(booking.chair_id),
            false => Self::Professional(booking.professional_id),
        }
    }

    fn name(self, catalog: &Catalog, lang: Lang) -> String {
        match self {
            Self::Professional(id) => catalog.professional(id),
            Self::Chair(Some(id)) => catalog.chair(id),
            Self::Chair(None) => lang.pick("Sin sillón", "No chair").into(),
        }
    }
}

/// Reception sees every active professional (or the one filtered); a dentist, whose own
/// id the app does not know, sees the columns their bookings name.
fn professional_columns(catalog: &Catalog, bookings: &[BookingView], staff: bool, only: &str) -> Vec<Column> {
    catalog
        .professionals
        .iter()
        .filter(|p| {
            let booked = bookings.iter().any(|b| b.booking.professional_id == p.id);
            booked || (staff && p.active && (only.is_empty() || only == p.id.to_string()))
        })
        .map(|p| Column::Professional(p.id))
        .collect()
}

/// Every chair in service or in use, and a column for bookings without one.
fn chair_columns(catalog: &Catalog, bookings: &[BookingView]) -> Vec<Column> {
    let mut columns: Vec<Column> = catalog
        .chairs
        .iter()
        .filter(|c| c.active || bookings.iter().any(|b| b.booking.chair_id == Some(c.id)))
        .map(|c| Column::Chair(Some(c.id)))
        .collect();
    if columns.is_empty() || bookings.iter().any(|b| b.booking.chair_id.is_none()) {
        columns.push(Column::Chair(None));
    }
    columns
}

/// One day, a column per professional (or per chair), bookings drawn to scale.
#[component]
pub(super) fn DayView(day: NaiveDate, bookings: Vec<BookingView>, by_chair: bool) -> impl IntoView {
    let desk = desk();
    let zone = desk.zone();
    let only = desk.professional.get_untracked();
    let (columns, span) = desk.catalog.with_value(|catalog| {
        let people = professional_columns(catalog, &bookings, desk.staff, &only);
        let hours: Vec<&WeeklyHours> = catalog
            .professionals
            .iter()
            .filter(|p| people.contains(&Column::Professional(p.id)))
            .map(|p| &p.weekly_hours)
            .collect();
        let busy: Vec<(i64, i64)> = bookings
            .iter()
            .map(|b| wall_minutes(zone, day, b.booking.start, b.booking.end))
            .filter(|(start, _)| (0..24 * 60).contains(start))
            .collect();
        let span = hour_span(&working_minutes(hours, &[day]), &busy);
        let columns = if by_chair {
            chair_columns(catalog, &bookings)
        } else {
            people
        };
        (columns, span)
    });
    let entries: Vec<Entry<Column>> = bookings
        .iter()
        .map(|b| Entry {
            start: b.booking.start,
            end: b.booking.end,
            column: Column::of(&b.booking, by_chair),
        })
        .collect();
    let blocks = lay_out_day(&entries, &columns, zone, day, span);
    let nothing = blocks
        .is_empty()
        .then(|| view! { <Empty text=|l| l.pick("No hay citas este día.", "No appointments this day.") /> });
    // Sizes go through CSSOM (`style:`), not `style` attributes: the Content-Security-Policy
    // has no 'unsafe-inline' for styles.
    let height = px(span.minutes() as f64 * PX_PER_MINUTE);
    let hours = hour_labels(span);
    let columns = columns
        .into_iter()
        .enumerate()
        .map(|(index, column)| {
            let name = move || desk.catalog.with_value(|c| column.name(c, lang()));
            let items = blocks
                .iter()
                .filter(|b| b.column == index)
                .map(|b| {
                    view! {
                        <li
                            class="cal-slot"
                            style:top=px(b.top as f64 * PX_PER_MINUTE)
                            style:height=px((b.height as f64 * PX_PER_MINUTE).max(24.0))
                            style:left=format!("calc(100% * {} / {})", b.lane, b.lanes)
                            style:width=format!("calc(100% / {})", b.lanes)
                        >
                            {block(&bookings[b.entry], by_chair)}
                        </li>
                    }
                })
                .collect_view();
            let free = !blocks.iter().any(|b| b.column == index);
            view! {
                <section class="cal-col" aria-label=name>
                    <h3 class="cal-col-title">{name}</h3>
                    <ol class="cal-track" style:height=height.clone()>
                        {items}
                    </ol>
                    {free.then(none_here)}
                </section>
            }
        })
        .collect_view();
    view! {
        {nothing}
        <div class="cal-day" data-testid="calendar-day" data-hours=format!("{}-{}", span.first, span.last)>
            <div class="cal-gutter" aria-hidden="true">
                <div class="cal-col-title"></div>
                <div class="cal-track" style:height=height.clone()>{hours}</div>
            </div>
            {columns}
        </div>
    }
}

/// A column with nothing booked says so (on the grid, to screen readers only).
fn none_here() -> impl IntoView {
    view! { <p class="cal-none">{move || lang().pick("Sin citas", "No appointments")}</p> }
}

fn hour_labels(span: HourSpan) -> impl IntoView {
    span.hours()
        .map(|hour| {
            let top = px(f64::from((hour - span.first) * 60) * PX_PER_MINUTE);
            view! { <span class="cal-hour" style:top=top>{format!("{hour:02}:00")}</span> }
        })
        .collect_view()
}

/// Monday to Sunday, each day's bookings in order; a day's heading opens it.
#[component]
pub(super) fn WeekView(from: NaiveDate, bookings: Vec<BookingView>) -> impl IntoView {
    let desk = desk();
    let zone = desk.zone();
    let week = week_of(from);
    let starts: Vec<_> = bookings.iter().map(|b| b.booking.start).collect();
    let days = by_day(&starts, zone, &week);
    let nothing = bookings
        .is_empty()
        .then(|| view! { <Empty text=|l| l.pick("No hay citas esta semana.", "No appointments this week.") /> });
    let columns = week
        .into_iter()
        .zip(days)
        .map(|(day, indices)| {
            let open = move |_| {
                desk.day.set(day);
                desk.scope.set(Scope::Day);
            };
            let items = indices
                .iter()
                .map(|&i| view! { <li>{block(&bookings[i], true)}</li> })
                .collect_view();
            view! {
                <section class="cal-weekday" aria-label=move || show_date(lang(), day, Shown::LongDay)>
                    <h3 class="cal-col-title">
                        <button type="button" class="link" data-testid="open-day" on:click=open>
                            {move || show_date(lang(), day, Shown::Day)}
                        </button>
                    </h3>
                    {if indices.is_empty() {
                        none_here().into_any()
                    } else {
                        view! { <ol class="cal-list">{items}</ol> }.into_any()
                    }}
                </section>
            }
        })
        .collect_view();
    view! {
        {nothing}
        <div class="cal-week" data-testid="calendar-week">{columns}</div>
    }
}

/// A booking as a button that opens its detail; named time, patient, treatment (and the
/// professional, where the column does not say it), status.
fn block(b: &BookingView, with_professional: bool) -> impl IntoView + use<> {
    let desk = desk();
    let zone = desk.zone();
    let booking = &b.booking;
    let (id, status, start, end) = (booking.id, booking.status, booking.start, booking.end);
    let answer = booking.answer;
    let patient = b.patient_name.clone();
    let what = desk.catalog.with_value(|c| {
        let treatment = c.treatment(booking.treatment_id);
        match with_professional {
            true => format!("{treatment} · {}", c.professional(booking.professional_id)),
            false => treatment,
        }
    });
    let when = move || {
        let l = lang();
        format!(
            "{}–{}",
            show(l, zone, start, Shown::Time),
            show(l, zone, end, Shown::Time)
        )
    };
    let who = move || {
        patient
            .clone()
            .unwrap_or_else(|| lang().pick("Paciente", "Patient").into())
    };
    let label = {
        let (who, what) = (who.clone(), what.clone());
        move || {
            format!(
                "{} {}, {}, {}, {}",
                when(),
                who(),
                what,
                booking_status(lang(), status).to_lowercase(),
                answer_words(lang(), answer).to_lowercase()
            )
        }
    };
    view! {
        <button
            type="button"
            class=format!("cal-block status-{status}")
            data-testid="booking-block"
            data-booking-id=id.to_string()
            data-status=status.as_str()
            data-answer=answer.as_str()
            aria-label=label
            aria-expanded=move || (desk.selected.get() == Some(id)).to_string()
            aria-controls="booking-detail"
            on:click=move |_| desk.selected.set(Some(id))
        >
            <span class="cal-time">{when}</span>
            " "
            <span class="cal-who">{who}</span>
            " "
            <span class="cal-what">{what} " · " {move || booking_status(lang(), status).to_lowercase()}</span>
            {answer.is_confirmed().then(|| view! {
                " "
                <span class="cal-answer" aria-hidden="true" title=move || answer_words(lang(), answer)>"✓"</span>
            })}
        </button>
    }
}

/// A length in whole CSS pixels.
fn px(pixels: f64) -> String {
    format!("{pixels:.0}px")
}
