//! The words of a message in each language Turnaki speaks; the templates only arrange them.

use crate::domain::{LinkAction, Locale};
use crate::notification::MessageKind;

/// What one kind of message says before the details.
pub(super) struct Opening {
    /// Start of the subject line, before the treatment and time.
    pub subject: &'static str,
    /// The heading of the body.
    pub heading: &'static str,
    /// The sentence under the greeting.
    pub lead: &'static str,
}

/// All the words of a message in one language.
pub(super) struct Wording {
    /// Day and month names for chrono.
    pub chrono: chrono::Locale,
    /// The full date and time of a visit.
    pub long_date: &'static str,
    /// The compact date and time of the subject line.
    pub short_date: &'static str,
    /// Names the clinic's zone after a time: `(zone, offset)`.
    pub zone: fn(&str, &str) -> String,
    /// Opens the body with the patient's name.
    pub greeting: fn(&str) -> String,
    /// How a request is acknowledged.
    pub request: Opening,
    /// How a confirmation opens.
    pub confirmation: Opening,
    /// How a reschedule opens.
    pub reschedule: Opening,
    /// How a cancellation opens.
    pub cancellation: Opening,
    /// How a reminder opens.
    pub reminder: Opening,
    /// How a request to confirm attendance opens.
    pub confirmation_request: Opening,
    /// How a waitlist offer opens.
    pub waitlist_offer: Opening,
    /// The question an offer's links answer.
    pub offer_ask: &'static str,
    /// The "Take it" link.
    pub take_link: &'static str,
    /// The "No thanks" link.
    pub decline_link: &'static str,
    /// Until when an offer keeps the time, with that time.
    pub kept_until: fn(&str) -> String,
    /// How a recall opens.
    pub recall: Opening,
    /// Label of the visit that set a recall.
    pub last_visit: &'static str,
    /// The link of a recall into the booking wizard.
    pub book_now: &'static str,
    /// The question the action links answer.
    pub ask: &'static str,
    /// The "I'll be there" link.
    pub confirm_link: &'static str,
    /// The "Cancel" link.
    pub cancel_link: &'static str,
    /// The "Choose another time" link.
    pub reschedule_link: &'static str,
    /// Caption of the details table.
    pub details: &'static str,
    /// Label of the treatment.
    pub treatment: &'static str,
    /// Label of the professional.
    pub professional: &'static str,
    /// Label of the start.
    pub when: &'static str,
    /// Label of the start after a reschedule.
    pub new_when: &'static str,
    /// Label of the start before a reschedule.
    pub previous_when: &'static str,
    /// Label of the end.
    pub ends: &'static str,
    /// Label of the clinic.
    pub clinic: &'static str,
    /// Label of the clinic's address.
    pub address: &'static str,
    /// The link to manage a booking.
    pub manage: &'static str,
    /// The link to book again after a cancellation.
    pub book_again: &'static str,
    /// How long before the visit the patient may still cancel or move it, in hours.
    pub window: fn(u32) -> String,
    /// The closing line, with the clinic's name.
    pub footer: fn(&str) -> String,
    /// File name of the calendar invitation.
    pub calendar_file: &'static str,
}

impl Wording {
    /// The words for `locale`.
    pub fn of(locale: Locale) -> &'static Self {
        match locale {
            Locale::Es => &ES,
            Locale::En => &EN,
        }
    }

    /// What a message of `kind` says first.
    pub fn opening(&self, kind: MessageKind) -> &Opening {
        match kind {
            MessageKind::Request => &self.request,
            MessageKind::Confirmation => &self.confirmation,
            MessageKind::Reschedule => &self.reschedule,
            MessageKind::Cancellation => &self.cancellation,
            MessageKind::Reminder => &self.reminder,
            MessageKind::ConfirmationRequest => &self.confirmation_request,
            MessageKind::WaitlistOffer => &self.waitlist_offer,
            MessageKind::Recall => &self.recall,
        }
    }

    /// The label of a link acting on the booking.
    pub fn action(&self, action: LinkAction) -> &'static str {
        match action {
            LinkAction::Confirm => self.confirm_link,
            LinkAction::Cancel => self.cancel_link,
            LinkAction::Reschedule => self.reschedule_link,
            LinkAction::Take => self.take_link,
            LinkAction::Decline => self.decline_link,
        }
    }
}

// Patients are addressed as "usted": the register clinics use with patients in Chile and Spain.
static ES: Wording = Wording {
    chrono: chrono::Locale::es_ES,
    long_date: "%A, %-d de %B de %Y, %H:%M",
    short_date: "%a %-d %b %H:%M",
    zone: |zone, offset| format!("hora de {zone}, UTC{offset}"),
    greeting: |name| format!("Hola, {name}:"),
    request: Opening {
        subject: "Solicitud de cita recibida",
        heading: "Hemos recibido su solicitud de cita",
        lead: "La clínica la revisará y le escribirá cuando la confirme. Mientras tanto, la hora queda reservada para usted.",
    },
    confirmation: Opening {
        subject: "Cita confirmada",
        heading: "Su cita está confirmada",
        lead: "Le esperamos. Estos son los detalles de su cita.",
    },
    reschedule: Opening {
        subject: "Cita cambiada",
        heading: "Su cita tiene una nueva hora",
        lead: "Su cita se ha cambiado. Revise la nueva fecha y hora.",
    },
    cancellation: Opening {
        subject: "Cita cancelada",
        heading: "Su cita ha sido cancelada",
        lead: "Esta cita ya no tendrá lugar. Si lo desea, puede reservar una nueva hora.",
    },
    reminder: Opening {
        subject: "Recordatorio de su cita",
        heading: "Le recordamos su próxima cita",
        lead: "Su visita se acerca. Estos son los detalles.",
    },
    confirmation_request: Opening {
        subject: "Confirme su cita",
        heading: "¿Vendrá a su cita?",
        lead: "Por favor, confírmenos su asistencia con uno de los botones de abajo. Si no puede venir, cancele o elija otra hora para que otro paciente pueda usarla.",
    },
    waitlist_offer: Opening {
        subject: "Se liberó una hora para usted",
        heading: "Se liberó una hora antes",
        lead: "Estaba en nuestra lista de espera y se ha liberado esta hora. La guardamos para usted: tómela con el botón de abajo, o déjela pasar para que otro paciente pueda usarla.",
    },
    offer_ask: "¿Quiere esta hora?",
    take_link: "La tomo",
    decline_link: "No, gracias",
    kept_until: |until| format!("Guardamos esta hora para usted hasta {until}; después se ofrecerá a otro paciente."),
    recall: Opening {
        subject: "Es momento de su próxima visita",
        heading: "Le toca su próxima visita",
        lead: "Según su última visita, ya es momento de volver. Reserve su hora en un minuto con el botón de abajo: el tratamiento y su profesional ya están elegidos.",
    },
    last_visit: "Última visita",
    book_now: "Reservar mi hora",
    ask: "¿Vendrá a su cita?",
    confirm_link: "Asistiré",
    cancel_link: "Cancelar",
    reschedule_link: "Elegir otra hora",
    details: "Detalles de la cita",
    treatment: "Tratamiento",
    professional: "Profesional",
    when: "Fecha y hora",
    new_when: "Nueva fecha y hora",
    previous_when: "Fecha y hora anterior",
    ends: "Termina",
    clinic: "Clínica",
    address: "Dirección",
    manage: "Gestionar mi cita",
    book_again: "Reservar una nueva hora",
    window: |hours| match hours {
        0 => "Puede cancelar o cambiar su cita hasta que comience.".to_owned(),
        1 => "Puede cancelar o cambiar su cita hasta 1 hora antes de que comience.".to_owned(),
        n => format!("Puede cancelar o cambiar su cita hasta {n} horas antes de que comience."),
    },
    footer: |clinic| format!("Mensaje enviado por Turnaki en nombre de {clinic}."),
    calendar_file: "cita.ics",
};

static EN: Wording = Wording {
    chrono: chrono::Locale::en_US,
    long_date: "%A, %-d %B %Y, %H:%M",
    short_date: "%a %-d %b %H:%M",
    zone: |zone, offset| format!("{zone} time, UTC{offset}"),
    greeting: |name| format!("Hello {name},"),
    request: Opening {
        subject: "Appointment request received",
        heading: "We have received your appointment request",
        lead: "The clinic will review it and write to you once it is confirmed. The time is held for you meanwhile.",
    },
    confirmation: Opening {
        subject: "Appointment confirmed",
        heading: "Your appointment is confirmed",
        lead: "We look forward to seeing you. Here are the details of your appointment.",
    },
    reschedule: Opening {
        subject: "Appointment moved",
        heading: "Your appointment has a new time",
        lead: "Your appointment has been moved. Please check the new date and time.",
    },
    cancellation: Opening {
        subject: "Appointment cancelled",
        heading: "Your appointment has been cancelled",
        lead: "This appointment will no longer take place. You are welcome to book a new one.",
    },
    reminder: Opening {
        subject: "Appointment reminder",
        heading: "Your visit is coming up",
        lead: "This is a reminder of your upcoming appointment. Here are the details.",
    },
    confirmation_request: Opening {
        subject: "Please confirm your appointment",
        heading: "Will you come to your appointment?",
        lead: "Please let us know with one of the buttons below. If you cannot come, cancel or choose another time so that another patient can have it.",
    },
    waitlist_offer: Opening {
        subject: "A time opened up for you",
        heading: "An earlier time opened up",
        lead: "You are on our waitlist and this time has just become free. We are keeping it for you: take it with the button below, or pass so that another patient can have it.",
    },
    offer_ask: "Would you like this time?",
    take_link: "Take it",
    decline_link: "No thanks",
    kept_until: |until| format!("We keep this time for you until {until}; then it is offered to another patient."),
    recall: Opening {
        subject: "Time for your next visit",
        heading: "You are due for your next visit",
        lead: "Going by your last visit, it is time to come back. Book in a minute with the button below: the treatment and your professional are already chosen.",
    },
    last_visit: "Last visit",
    book_now: "Book my visit",
    ask: "Will you come?",
    confirm_link: "I'll be there",
    cancel_link: "Cancel",
    reschedule_link: "Choose another time",
    details: "Appointment details",
    treatment: "Treatment",
    professional: "With",
    when: "Date and time",
    new_when: "New date and time",
    previous_when: "Previous date and time",
    ends: "Ends",
    clinic: "Clinic",
    address: "Address",
    manage: "Manage my appointment",
    book_again: "Book a new appointment",
    window: |hours| match hours {
        0 => "You can cancel or move your appointment until it starts.".to_owned(),
        1 => "You can cancel or move your appointment up to 1 hour before it starts.".to_owned(),
        n => format!("You can cancel or move your appointment up to {n} hours before it starts."),
    },
    footer: |clinic| format!("Sent by Turnaki on behalf of {clinic}."),
    calendar_file: "appointment.ics",
};
