//! Reception's to-call list: a day's appointments (tomorrow unless another is chosen, on the
//! clinic's calendar) whose patients have not confirmed from their messages, each with the
//! patient's phone and a button to record the call.

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use turnaki_shared::api::bookings::BookingView;
use turnaki_shared::api::links::{ToCallList, ToCallQuery};
use turnaki_shared::api::paths;
use turnaki_shared::ids::BookingId;

use super::{Phone, Said, desk, failed};
use crate::i18n::lang;
use crate::session::state;
use crate::time::{Shown, now, show, show_date, today};
use crate::ui::{Empty, Failure, Loading, ProblemNote};

/// The day the list opens on: tomorrow on the clinic's calendar.
pub fn first_day(today: NaiveDate) -> NaiveDate {
    today + Duration::days(1)
}

/// The list, for reception and admins.
#[component]
pub(super) fn ToCall() -> impl IntoView {
    let desk = desk();
    let zone = desk.zone();
    let day = RwSignal::new(first_day(today(zone, now())));
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(None::<BookingId>);
    let list = LocalResource::new(move || {
        desk.refresh.track();
        let query = ToCallQuery {
            date: Some(day.get().to_string()),
        };
        let client = state().client();
        async move {
            client
                .get::<ToCallList>(&paths::with_query(paths::to_call(), &query))
                .await
        }
    });
    let mark = move |id: BookingId, who: String| {
        let client = state().client();
        busy.set(Some(id));
        leptos::task::spawn_local(async move {
            match client
                .post::<_, BookingView>(&paths::called(id), &serde_json::json!({}))
                .await
            {
                Ok(_) => {
                    failure.set(None);
                    desk.changed(Said::new(|l| {
                        format!("{} {who}", l.pick("Llamada registrada:", "Call recorded:"))
                    }));
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(None);
        });
    };
    view! {
        <section class="card to-call" aria-labelledby="to-call-title" data-testid="to-call">
            <div class="section-head">
                <h2 id="to-call-title">{move || lang().pick("Por llamar: sin confirmar", "To call: not confirmed")}</h2>
                <div class="field">
                    <label for="to-call-day">{move || lang().pick("Día", "Day")}</label>
                    <input
                        id="to-call-day"
                        type="date"
                        data-testid="to-call-day"
                        prop:value=move || day.get().to_string()
                        on:change:target=move |ev| {
                            if let Ok(d) = ev.target().value().parse() {
                                day.set(d);
                            }
                        }
                    />
                </div>
            </div>
            <ProblemNote error=failure />
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => failed(e).into_any(),
                Some(Ok(l)) if l.items.is_empty() => {
                    view! { <Empty text=|l| l.pick("Nadie por llamar ese día.", "Nobody to call that day.") /> }.into_any()
                }
                Some(Ok(l)) => {
                    let date = l.date;
                    let rows = l
                        .items
                        .into_iter()
                        .map(|e| {
                            let (id, start, name) = (e.booking_id, e.start, e.patient_name.clone());
                            let phone = e.phone.clone();
                            let professional = desk.catalog.with_value(|c| c.professional(e.professional_id));
                            let called = e.called.clone();
                            let label = name.clone();
                            view! {
                                <li data-testid="to-call-item" data-booking-id=id.to_string()>
                                    <span class="cal-time">{move || show(lang(), zone, start, Shown::Time)}</span>
                                    " "
                                    <strong>{name.clone()}</strong>
                                    " · "
                                    <Phone phone testid="to-call-phone" />
                                    " · " {e.email.clone()} " · " {professional}
                                    " "
                                    {match called {
                                        Some(c) => view! {
                                            <span class="badge" data-testid="to-call-called">
                                                {move || format!("{} {}", lang().pick("Llamado", "Called"), show(lang(), zone, c.at, Shown::DayTime))}
                                            </span>
                                        }.into_any(),
                                        None => ().into_any(),
                                    }}
                                    " "
                                    <button
                                        type="button"
                                        class="btn"
                                        data-testid="mark-called"
                                        disabled=move || busy.get() == Some(id)
                                        aria-label=move || format!("{} {label}", lang().pick("Marcar llamado a", "Mark called:"))
                                        on:click={
                                            let name = name.clone();
                                            move |_| mark(id, name.clone())
                                        }
                                    >
                                        {move || lang().pick("Marcar llamado", "Mark called")}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <p class="muted">{move || show_date(lang(), date, Shown::LongDay)}</p>
                        <ul class="to-call-list">{rows}</ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_opens_on_the_clinics_tomorrow() {
        let today: NaiveDate = "2026-12-31".parse().unwrap();
        assert_eq!(first_day(today), "2027-01-01".parse::<NaiveDate>().unwrap());
    }
}
