//! The month's figures (`GET /v1/figures?month=YYYY-MM`): how the loop around a booking did
//! in one month of the clinic's calendar — confirmations, no-shows with and without a
//! confirmation, the waitlist's offers and fills, and recalls. Counts and rates only.

use leptos::prelude::*;
use turnaki_shared::api::figures::MonthFigures;
use turnaki_shared::api::paths;

use super::Clinic;
use crate::i18n::{Lang, lang};
use crate::month::{MonthPicker, MonthRead, first_day, month_of};
use crate::time::{Shown, now, show_date, today};
use crate::ui::{Empty, Loading, ProblemNote, Table};

/// A rate (0–1) as a whole percentage, `72 %` (`72%` in English). A rate that is neither
/// none nor all never rounds to `0 %` or `100 %`, which would say it was.
fn percent(lang: Lang, rate: f64) -> String {
    let whole = (rate * 100.0).round();
    let number = if rate > 0.0 && whole < 1.0 {
        "<1".to_owned()
    } else if rate < 1.0 && whole > 99.0 {
        ">99".to_owned()
    } else {
        format!("{whole:.0}")
    };
    // A no-break space keeps the number and its sign on one line in a narrow cell.
    lang.pick(format!("{number}\u{a0}%"), format!("{number}%"))
}

/// Minutes as hours and minutes, `1 h 5 min`; `h` and `min` read alike in both languages.
/// The server counts whole minutes, so `0` is a fill within the minute, not none.
fn duration(minutes: i64) -> String {
    match (minutes.max(0) / 60, minutes.max(0) % 60) {
        (0, 0) => "<1 min".to_owned(),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Whether the month has nothing to count: no bookings, no offers, no recalls sent.
fn is_empty(figures: &MonthFigures) -> bool {
    figures.bookings == 0 && figures.offers == 0 && figures.recalls_sent == 0
}

/// One row of the table: what is counted, its value (`None`: nothing to count yet) and
/// what the value rests on.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    /// Stable name, for tests.
    key: &'static str,
    /// What is counted.
    name: &'static str,
    /// The value as shown.
    value: Option<String>,
    /// The counts behind it, or why there is nothing to count.
    basis: String,
}

/// The table's rows for `f`, in `lang`.
fn lines(lang: Lang, f: &MonthFigures) -> Vec<Line> {
    let line = |key, (es, en), value, basis| Line {
        key,
        name: lang.pick(es, en),
        value,
        basis,
    };
    let of = |part: u64, whole: u64, (es, en): (&str, &str)| {
        lang.pick(format!("{part} de {whole} {es}"), format!("{part} of {whole} {en}"))
    };
    let nothing = |(es, en): (&str, &str)| {
        lang.pick(
            format!("Nada que contar todavía: {es}."),
            format!("Nothing to count yet: {en}."),
        )
    };
    let rate = |key, name, rate: Option<f64>, counts: String, none: String| {
        let basis = if rate.is_some() { counts } else { none };
        line(key, name, rate.map(|r| percent(lang, r)), basis)
    };
    let said = |text: (&str, &str)| lang.pick(text.0, text.1).to_owned();
    vec![
        rate(
            "confirmation-rate",
            ("Citas confirmadas", "Confirmation rate"),
            f.confirmation_rate,
            of(
                f.confirmed,
                f.bookings,
                ("citas confirmadas por el paciente", "bookings confirmed by the patient"),
            ),
            nothing(("ninguna cita en el mes", "no bookings in the month")),
        ),
        rate(
            "no-show-confirmed",
            ("Inasistencias con confirmación", "No-shows, confirmed"),
            f.no_show_rate_confirmed,
            of(
                f.no_shows_confirmed,
                f.seen_confirmed,
                (
                    "visitas de pacientes que confirmaron",
                    "visits by patients who confirmed",
                ),
            ),
            nothing((
                "aún no llega la hora de ninguna visita confirmada",
                "no confirmed visit has come round",
            )),
        ),
        rate(
            "no-show-unconfirmed",
            ("Inasistencias sin confirmación", "No-shows, unconfirmed"),
            f.no_show_rate_unconfirmed,
            of(
                f.no_shows_unconfirmed,
                f.seen_unconfirmed,
                (
                    "visitas de pacientes que no confirmaron",
                    "visits by patients who did not confirm",
                ),
            ),
            nothing((
                "aún no llega la hora de ninguna visita sin confirmar",
                "no unconfirmed visit has come round",
            )),
        ),
        line(
            "offers",
            ("Ofertas de la lista de espera", "Waitlist offers"),
            Some(f.offers.to_string()),
            said((
                "Horas liberadas ofrecidas a pacientes en espera",
                "Freed times offered to waiting patients",
            )),
        ),
        line(
            "fills",
            ("Horas reocupadas", "Fills"),
            Some(f.fills.to_string()),
            match f.offers {
                0 => nothing(("ninguna oferta en el mes", "no offers in the month")),
                offers => of(f.fills, offers, ("ofertas tomadas", "offers taken")),
            },
        ),
        line(
            "median-fill",
            ("Mediana hasta reocupar", "Median time to fill"),
            f.median_fill_minutes.map(duration),
            match f.median_fill_minutes {
                Some(_) => said((
                    "Desde la primera oferta de una hora liberada hasta que alguien la toma",
                    "From a freed time's first offer until someone takes it",
                )),
                None => nothing(("ninguna oferta tomada en el mes", "no offer taken in the month")),
            },
        ),
        line(
            "recalls-sent",
            ("Recordatorios de control enviados", "Recalls sent"),
            Some(f.recalls_sent.to_string()),
            said((
                "Mensajes de control enviados en el mes",
                "Recall messages sent in the month",
            )),
        ),
        line(
            "recalls-booked",
            ("Recordatorios con cita", "Recalls booked"),
            Some(f.recalls_booked.to_string()),
            said((
                "Pacientes recordados en el mes que ya reservaron",
                "Patients recalled in the month who have booked since",
            )),
        ),
    ]
}

/// The month's figures tab.
#[component]
pub fn Figures() -> impl IntoView {
    let zone = expect_context::<Clinic>()
        .0
        .with_untracked(|t| t.time_zone.name().to_owned());
    let month = RwSignal::new(month_of(today(&zone, now())));
    let read = MonthRead::<MonthFigures>::new(paths::figures(), month, None);
    let body = move || {
        let Some(figures) = read.answer.get() else {
            return match read.loading() {
                true => view! { <Loading /> }.into_any(),
                false => ().into_any(),
            };
        };
        if is_empty(&figures) {
            return view! {
                <Empty text=|l| {
                    l.pick(
                        "Nada que contar en ese mes: ni citas, ni ofertas, ni recordatorios de control.",
                        "Nothing to count in that month: no bookings, no offers, no recalls.",
                    )
                } />
            }
            .into_any();
        }
        let l = lang();
        let named = first_day(&figures.month).map_or_else(|| figures.month.clone(), |d| show_date(l, d, Shown::Month));
        let rows = lines(l, &figures)
            .into_iter()
            .map(|line| {
                let value = match line.value {
                    Some(value) => value.into_any(),
                    // The dash is for eyes; a screen reader hears words, and the basis says why.
                    None => view! {
                        <span aria-hidden="true">"—"</span>
                        <span class="visually-hidden">{l.pick("sin dato", "no figure")}</span>
                    }
                    .into_any(),
                };
                view! {
                    <tr data-testid="figure" data-key=line.key>
                        <th scope="row">{line.name}</th>
                        <td class="num" data-testid="figure-value">{value}</td>
                        <td>{line.basis}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="month-figures" data-testid="month-figures" data-month=figures.month.clone()>
                <h3 id="figures-month-name">{named}</h3>
                <Table
                    caption=("Cifras del mes", "The month's figures")
                    columns=&[("Cifra", "Figure"), ("Valor", "Value"), ("En qué se basa", "Based on")]
                    testid="figures-table"
                >
                    {rows}
                </Table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="section-head">
            <h2 id="figures-title">{move || lang().pick("Cifras del mes", "This month's figures")}</h2>
        </div>
        <p class="hint">
            {move || {
                lang().pick(
                    "Citas que comienzan en el mes del calendario de la clínica, sin contar las anuladas; las inasistencias cuentan solo las visitas cuya hora ya pasó.",
                    "Appointments starting in the month of the clinic's calendar, cancelled ones apart; no-shows count only visits whose time has passed.",
                )
            }}
        </p>
        <MonthPicker month id="figures-month" error=read.failure />
        <ProblemNote error=read.failure />
        <div aria-busy=move || read.loading().to_string()>{body}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month() -> MonthFigures {
        MonthFigures {
            month: "2026-03".into(),
            bookings: 40,
            confirmed: 30,
            confirmation_rate: Some(30.0 / 40.0),
            seen_confirmed: 20,
            no_shows_confirmed: 1,
            no_show_rate_confirmed: Some(0.05),
            seen_unconfirmed: 8,
            no_shows_unconfirmed: 2,
            no_show_rate_unconfirmed: Some(0.25),
            offers: 3,
            fills: 2,
            median_fill_minutes: Some(65),
            recalls_sent: 5,
            recalls_booked: 1,
        }
    }

    #[test]
    fn a_rate_reads_as_a_whole_percentage() {
        assert_eq!(percent(Lang::Es, 0.72), "72\u{a0}%");
        assert_eq!(percent(Lang::En, 0.7249), "72%");
        assert_eq!(percent(Lang::En, 0.726), "73%");
        assert_eq!(percent(Lang::En, 0.0), "0%");
        assert_eq!(percent(Lang::En, 1.0), "100%");
    }

    #[test]
    fn a_rate_short_of_none_or_all_does_not_round_to_it() {
        assert_eq!(percent(Lang::En, 0.004), "<1%");
        assert_eq!(percent(Lang::Es, 0.996), ">99\u{a0}%");
    }

    #[test]
    fn minutes_read_as_hours_and_minutes() {
        assert_eq!(duration(65), "1 h 5 min");
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(duration(0), "<1 min");
        assert_eq!(duration(-3), "<1 min");
        assert_eq!(duration(26 * 60 + 1), "26 h 1 min");
    }

    #[test]
    fn each_rate_says_the_counts_behind_it() {
        let lines = lines(Lang::En, &month());
        let line = |key: &str| lines.iter().find(|l| l.key == key).unwrap().clone();
        assert_eq!(line("confirmation-rate").value.as_deref(), Some("75%"));
        assert_eq!(
            line("confirmation-rate").basis,
            "30 of 40 bookings confirmed by the patient"
        );
        assert_eq!(
            line("no-show-confirmed").basis,
            "1 of 20 visits by patients who confirmed"
        );
        assert_eq!(line("no-show-unconfirmed").value.as_deref(), Some("25%"));
        assert_eq!(line("fills").basis, "2 of 3 offers taken");
        assert_eq!(line("median-fill").value.as_deref(), Some("1 h 5 min"));
        assert_eq!(line("recalls-booked").value.as_deref(), Some("1"));
        assert_eq!(lines.len(), 8);
    }

    #[test]
    fn a_rate_with_nothing_to_count_says_so() {
        let quiet = MonthFigures {
            offers: 1,
            ..MonthFigures::default()
        };
        let lines = lines(Lang::Es, &quiet);
        let line = |key: &str| lines.iter().find(|l| l.key == key).unwrap().clone();
        assert_eq!(line("confirmation-rate").value, None);
        assert_eq!(
            line("confirmation-rate").basis,
            "Nada que contar todavía: ninguna cita en el mes."
        );
        assert_eq!(line("median-fill").value, None);
        assert!(line("no-show-unconfirmed").basis.starts_with("Nada que contar todavía"));
        assert_eq!(line("offers").value.as_deref(), Some("1"));
        assert_eq!(line("fills").basis, "0 de 1 ofertas tomadas");
    }

    #[test]
    fn a_month_without_bookings_offers_or_recalls_is_empty() {
        assert!(is_empty(&MonthFigures::default()));
        assert!(!is_empty(&month()));
        for one in [
            MonthFigures {
                bookings: 1,
                ..MonthFigures::default()
            },
            MonthFigures {
                recalls_sent: 1,
                ..MonthFigures::default()
            },
        ] {
            assert!(!is_empty(&one));
        }
    }
}
