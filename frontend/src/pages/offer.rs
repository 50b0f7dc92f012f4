//! `/<slug>/offers/<offer>#<token>`: the page a waitlist offer's email opens, without signing
//! in (the frame and the calls every link page shares are in [`super::linked`]). It shows the
//! freed time held for the patient and until when; "Take it" books it, "No thanks" passes it
//! to the next patient. Both need a press: opening the page changes nothing.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use turnaki_shared::api::paths;
use turnaki_shared::api::problem::ProblemCode;
use turnaki_shared::api::waitlist::OfferLinkView;
use turnaki_shared::domain::{LinkAction, OfferOutcome};

use super::linked::{LinkState, link_frame};
use crate::i18n::{Lang, lang};
use crate::time::{Shown, show, zone_city};
use crate::ui::ProblemNote;
use crate::waitlist::outcome_name;

/// What the page says of an offer it no longer shows as kept, by how it ended (still open:
/// its hold ran out before the server recorded the lapse).
pub fn ended_words(lang: Lang, outcome: OfferOutcome) -> &'static str {
    match outcome {
        OfferOutcome::Taken { .. } => lang.pick(
            "Usted tomó esta hora: está reservada.",
            "You took this time: it is booked.",
        ),
        OfferOutcome::Declined { .. } => lang.pick(
            "Usted dejó pasar esta hora; se ofreció a otro paciente.",
            "You passed on this time; it was offered to another patient.",
        ),
        OfferOutcome::Open | OfferOutcome::Lapsed { .. } => lang.pick(
            "Esta hora ya no está reservada para usted: pasó el plazo para tomarla.",
            "This time is no longer kept for you: the time to take it ran out.",
        ),
    }
}

/// Whether the time is still kept at `now` (the page hides the buttons once it is not, even
/// if nobody reloaded it).
pub fn still_kept(view: &OfferLinkView, now: DateTime<Utc>) -> bool {
    view.open && view.outcome == OfferOutcome::Open && now < view.held_until
}

/// The page.
#[component]
pub fn OfferPage() -> impl IntoView {
    link_frame(
        |l| l.pick("Una hora para usted", "A time for you"),
        "offer",
        |profile, offer, token| view! { <Offered slug=profile.slug.to_string() offer token /> },
    )
}

#[component]
fn Offered(slug: String, offer: String, token: String) -> impl IntoView {
    let acts = LinkAction::ON_OFFER.map(|a| (a, paths::offer_act(&slug, &offer, a.as_str())));
    let link = LinkState::<OfferLinkView>::new(token, acts);
    let opened = link.open(paths::offer_link(&slug, &offer), |_| {});
    // Too late for a press: read the offer again, so the page shows how it ended.
    Effect::new(move |_| {
        if link.failure.with(|f| f.as_ref().and_then(|e| e.code())) == Some(ProblemCode::OfferEnded) {
            opened.refetch();
        }
    });
    let busy = link.busy;
    let mine = format!("/{slug}/appointments");
    view! {
        <ProblemNote error=link.failure />
        {link.done_note("offer-result")}
        {link.showing(opened, move |v| {
            let zone: &'static str = v.time_zone.name();
            let (start, end, until) = (v.start, v.end, v.held_until);
            let kept = still_kept(&v, crate::time::now());
            let outcome = v.outcome;
            let taken = matches!(outcome, OfferOutcome::Taken { .. });
            let mine = mine.clone();
            view! {
                <article class="card offer" data-testid="offer" data-outcome=outcome_name(outcome) aria-labelledby="offer-when">
                    <p class="when" id="offer-when">
                        <strong>{move || show(lang(), zone, start, Shown::LongDay)}</strong>
                        ", "
                        {move || format!("{}–{}", show(lang(), zone, start, Shown::Time), show(lang(), zone, end, Shown::Time))}
                    </p>
                    <p>{v.treatment_name.clone()} " · " {v.professional_name.clone()}</p>
                    <p class="muted">
                        {v.clinic_name.clone()} " · " {move || lang().pick("hora de ", "time in ")} {zone_city(zone)}
                    </p>
                    {kept.then(|| view! {
                        <p data-testid="offer-kept-until">
                            {move || lang().pick("La guardamos para usted hasta las ", "We keep it for you until ")}
                            <strong>{move || show(lang(), zone, until, Shown::Time)}</strong>
                            "."
                        </p>
                        <div class="actions">
                            <button type="button" class="btn primary" data-testid="offer-take" disabled=move || busy.get() on:click=move |_| link.act(LinkAction::Take, None)>
                                {move || lang().pick("La tomo", "Take it")}
                            </button>
                            <button type="button" class="btn" data-testid="offer-decline" disabled=move || busy.get() on:click=move |_| link.act(LinkAction::Decline, None)>
                                {move || lang().pick("No, gracias", "No thanks")}
                            </button>
                        </div>
                    })}
                    {(!kept).then(|| view! {
                        <p class="muted" data-testid="offer-ended">{move || ended_words(lang(), outcome)}</p>
                    })}
                    {taken.then(|| view! {
                        <p><a href=mine data-testid="offer-my-appointments">{move || lang().pick("Ver mis citas", "See my appointments")}</a></p>
                    })}
                </article>
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(outcome: OfferOutcome, open: bool) -> OfferLinkView {
        let at: DateTime<Utc> = "2026-03-03T13:00:00Z".parse().unwrap();
        OfferLinkView {
            offer_id: turnaki_shared::ids::OfferId::new(),
            slug: "sonrisa".parse().unwrap(),
            clinic_name: "Sonrisa".into(),
            time_zone: "America/Santiago".parse().unwrap(),
            locale: turnaki_shared::domain::Locale::Es,
            treatment_name: "Limpieza".into(),
            professional_name: "Dra. Rojas".into(),
            start: at,
            end: at + chrono::Duration::minutes(30),
            held_until: at - chrono::Duration::hours(2),
            outcome,
            open,
            booking_id: None,
        }
    }

    #[test]
    fn an_open_offer_is_kept_until_its_hold_ends_and_not_after() {
        let v = offer(OfferOutcome::Open, true);
        let before = v.held_until - chrono::Duration::seconds(1);
        assert!(still_kept(&v, before));
        assert!(!still_kept(&v, v.held_until), "the hold ends at held_until");
        assert!(
            !still_kept(&offer(OfferOutcome::Open, false), before),
            "the server says it is not"
        );
        let declined = OfferOutcome::Declined { at: before };
        assert!(!still_kept(&offer(declined, true), before));
    }

    #[test]
    fn an_ended_offer_says_how_it_ended_in_both_languages() {
        let at = "2026-03-03T12:00:00Z".parse().unwrap();
        for outcome in [
            OfferOutcome::Open,
            OfferOutcome::Taken {
                booking_id: turnaki_shared::ids::BookingId::new(),
                at,
            },
            OfferOutcome::Declined { at },
            OfferOutcome::Lapsed { at },
        ] {
            assert_ne!(
                ended_words(Lang::Es, outcome),
                ended_words(Lang::En, outcome),
                "{outcome:?}"
            );
        }
        // A lapsed offer reads like the server's `offer_ended` problem.
        assert!(ended_words(Lang::En, OfferOutcome::Lapsed { at }).contains("no longer kept"));
        assert!(crate::i18n::problem(Lang::En, ProblemCode::OfferEnded).contains("no longer kept"));
    }
}
