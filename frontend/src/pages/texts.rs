//! "My appointments"' text-message panel: the patient's number and whether they accept
//! texts (and since when), with the button to accept or stop them (`GET|PUT /v1/me/texts`).
//! Consent is the patient's own, so this is the only place besides registration to give it.

use leptos::prelude::*;
use turnaki_shared::api::paths;
use turnaki_shared::api::texts::{MyTexts, TextsChoice};
use turnaki_shared::domain::SmsConsent;

use crate::i18n::{Lang, lang, phone_hint};
use crate::session::state;
use crate::time::{Shown, show};
use crate::ui::{Failure, Field, Loading, ProblemNote};

/// Whether the panel is shown: when the clinic sends texts, or to a patient who still
/// accepts them from a clinic that has stopped, so they can stop them too.
pub fn shows_panel(texts: &MyTexts) -> bool {
    texts.clinic_texts || texts.consent.allows_texts()
}

/// Where the patient's consent stands, with its time in the clinic's `zone`.
pub fn consent_words(lang: Lang, consent: SmsConsent, zone: &str) -> String {
    let when = |at| {
        format!(
            "{} {} {}",
            show(lang, zone, at, Shown::Date),
            lang.pick("a las", "at"),
            show(lang, zone, at, Shown::Time)
        )
    };
    match consent {
        SmsConsent::NotGiven => lang
            .pick("No recibes mensajes de texto.", "You do not receive text messages.")
            .to_owned(),
        SmsConsent::Given { at } => format!(
            "{} {}.",
            lang.pick("Recibes mensajes de texto desde el", "You receive text messages since"),
            when(at)
        ),
        SmsConsent::Withdrawn { at } => format!(
            "{} {}.",
            lang.pick(
                "Dejaste de recibir mensajes de texto el",
                "You stopped text messages on"
            ),
            when(at)
        ),
    }
}

/// The answer to send: accepting carries the typed number when one was asked for (none on
/// file); stopping keeps the number on file.
pub fn answer(accept: bool, typed_phone: &str) -> TextsChoice {
    let phone = typed_phone.trim();
    TextsChoice {
        accept,
        phone: (accept && !phone.is_empty()).then(|| phone.to_owned()),
    }
}

/// The panel; `offered`: whether the clinic's profile says it sends texts, which decides
/// whether the panel shows while the patient's settings load.
#[component]
pub fn MyTextsPanel(zone: &'static str, offered: bool) -> impl IntoView {
    let texts = RwSignal::new(None::<MyTexts>);
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let phone = RwSignal::new(String::new());
    let said = RwSignal::new(None::<(&'static str, &'static str)>);
    let client = state().client();
    leptos::task::spawn_local(async move {
        match client.get::<MyTexts>(&paths::my_texts()).await {
            Ok(t) => texts.set(Some(t)),
            Err(e) => failure.set(Some(e)),
        }
    });
    let send = move |accept: bool| {
        let client = state().client();
        let choice = answer(accept, &phone.get_untracked());
        busy.set(true);
        failure.set(None);
        said.set(None);
        leptos::task::spawn_local(async move {
            match client.put::<_, MyTexts>(&paths::my_texts(), &choice).await {
                Ok(t) => {
                    texts.set(Some(t));
                    said.set(Some(match accept {
                        true => ("Listo: te enviaremos mensajes de texto.", "Done: we will text you."),
                        false => (
                            "Listo: desde ahora no te enviaremos mensajes de texto; los avisos te llegan por correo.",
                            "Done: no more texts from now on; you get our messages by email.",
                        ),
                    }));
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let settings = move || {
        texts.get().map(|t| {
            let on = t.consent.allows_texts();
            let number = t.phone.as_ref().map(|p| p.as_str().to_owned());
            let ask_number = !on && number.is_none();
            view! {
                {number.map(|n| view! {
                    <p data-testid="texts-number">{move || lang().pick("Número: ", "Number: ")} {n}</p>
                })}
                <p data-testid="texts-consent">{move || consent_words(lang(), t.consent, zone)}</p>
                {ask_number.then(|| view! {
                    <Field name="phone" label=|l| l.pick("Teléfono móvil", "Mobile phone") value=phone error=failure kind="tel" autocomplete="tel" hint=phone_hint />
                })}
                {match on {
                    true => view! {
                        <p class="muted">{move || lang().pick(
                            "Si dejas de recibirlos, se aplica de inmediato: el próximo aviso te llega por correo.",
                            "Stopping takes effect at once: the next message reaches you by email.",
                        )}</p>
                        <button type="button" class="btn danger" data-testid="texts-stop" disabled=move || busy.get() on:click=move |_| send(false)>
                            {move || lang().pick("Dejar de recibir mensajes de texto", "Stop text messages")}
                        </button>
                    }
                    .into_any(),
                    false => view! {
                        <button type="button" class="btn primary" data-testid="texts-accept" disabled=move || busy.get() on:click=move |_| send(true)>
                            {move || lang().pick("Recibir mensajes de texto", "Receive text messages")}
                        </button>
                    }
                    .into_any(),
                }}
            }
        })
    };
    let shown = move || texts.with(|t| t.as_ref().map_or(offered, shows_panel));
    view! {
        <Show when=shown>
            <section class="my-texts card" aria-labelledby="my-texts-title" data-testid="my-texts">
                <h2 id="my-texts-title">{move || lang().pick("Mensajes de texto", "Text messages")}</h2>
                <p role="status" aria-live="polite" class="success">
                    {move || said.get().map(|(es, en)| lang().pick(es, en))}
                </p>
                <ProblemNote error=failure />
                <Show when=move || texts.with(Option::is_none) && failure.with(Option::is_none)>
                    <Loading />
                </Show>
                {settings}
            </section>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(clinic_texts: bool, consent: SmsConsent) -> MyTexts {
        MyTexts {
            phone: Some("+56961234567".parse().unwrap()),
            consent,
            clinic_texts,
        }
    }

    #[test]
    fn the_panel_shows_where_the_clinic_texts_or_the_patient_still_accepts_texts() {
        let at = "2026-03-03T13:00:00Z".parse().unwrap();
        let shown = [
            (true, SmsConsent::NotGiven),
            (false, SmsConsent::NotGiven),
            (false, SmsConsent::Given { at }),
            (false, SmsConsent::Withdrawn { at }),
        ]
        .map(|(clinic, consent)| shows_panel(&texts(clinic, consent)));
        assert_eq!(shown, [true, false, true, false]);
    }

    #[test]
    fn since_when_reads_in_the_clinics_zone() {
        let at = "2026-03-03T13:00:00Z".parse().unwrap();
        assert_eq!(
            consent_words(Lang::Es, SmsConsent::Given { at }, "America/Santiago"),
            "Recibes mensajes de texto desde el 2026-03-03 a las 10:00."
        );
        assert_eq!(
            consent_words(Lang::En, SmsConsent::Withdrawn { at }, "Europe/Madrid"),
            "You stopped text messages on 2026-03-03 at 14:00."
        );
        assert_eq!(
            consent_words(Lang::En, SmsConsent::NotGiven, "Europe/Madrid"),
            "You do not receive text messages."
        );
    }

    #[test]
    fn accepting_sends_a_typed_number_and_stopping_keeps_the_one_on_file() {
        let accept = answer(true, " 9 6123 4567 ");
        assert_eq!((accept.accept, accept.phone.as_deref()), (true, Some("9 6123 4567")));
        assert_eq!(answer(true, "  ").phone, None, "the number on file stays");
        let stop = answer(false, "9 6123 4567");
        assert_eq!((stop.accept, stop.phone), (false, None));
    }
}
