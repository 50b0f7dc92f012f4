//! `turnaki serve --demo`: the demo clinic `sonrisa` (Spanish, America/Santiago) with
//! treatments, three professionals, two chairs and one account per role. Seeded once.

use std::net::SocketAddr;

use chrono::{NaiveTime, Weekday};
use turnaki_shared::api::clinics::ClinicOnboarding;
use turnaki_shared::api::staff::StaffDraft;
use turnaki_shared::domain::{
    BookingRules, BookingRulesParts, Chair, Channels, Delivery, Locale, Money, Professional, Role, Slug, Tenant,
    Treatment, WeeklyHours, WorkInterval,
};
use turnaki_shared::ids::{ChairId, ProfessionalId, TenantId};

use crate::state::App;

/// The demo clinic's slug.
pub const SLUG: &str = "sonrisa";
/// Every demo account's password.
pub const PASSWORD: &str = "turnaki-demo-2026";

/// One demo account.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// Role.
    pub role: Role,
    /// Sign-in email.
    pub email: &'static str,
}

/// The demo accounts, one per role.
pub const ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount {
        role: Role::Owner,
        email: "owner@turnaki.example",
    },
    DemoAccount {
        role: Role::Admin,
        email: "admin@sonrisa.example",
    },
    DemoAccount {
        role: Role::Reception,
        email: "recepcion@sonrisa.example",
    },
    DemoAccount {
        role: Role::Dentist,
        email: "dentista@sonrisa.example",
    },
    DemoAccount {
        role: Role::Patient,
        email: "paciente@sonrisa.example",
    },
];

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a valid time")
}

fn hours(days: &[Weekday], intervals: &[(NaiveTime, NaiveTime)]) -> WeeklyHours {
    let mut week: [Vec<WorkInterval>; 7] = Default::default();
    for day in days {
        week[day.num_days_from_monday() as usize] = intervals
            .iter()
            .map(|&(start, end)| WorkInterval { start, end })
            .collect();
    }
    WeeklyHours::try_from(week).expect("demo hours do not overlap")
}

fn treatment(name: &str, minutes: u32, buffer: u32, pesos: i64) -> Treatment {
    Treatment::new(name, minutes, buffer, Money::new(pesos, "CLP").expect("CLP")).expect("a valid demo treatment")
}

/// The default rules, plus a same-day reminder two hours before each visit, a request to
/// confirm two days before, and a second recall three weeks after the first.
fn demo_rules() -> BookingRules {
    BookingRules::try_from(BookingRulesParts {
        same_day_reminder_hours: Some(2),
        confirmation_request_hours: Some(48),
        recall_follow_up_weeks: Some(3),
        ..BookingRules::default().parts()
    })
    .expect("the demo's rules are valid")
}

/// Seeds the demo clinic unless it exists; returns the accounts to print.
pub async fn seed(app: &App) -> Result<&'static [DemoAccount], String> {
    let slug: Slug = SLUG.parse().expect("a valid slug");
    let fail = |e: &dyn std::fmt::Display| format!("seeding the demo clinic: {e}");
    if app.catalog.tenant_by_slug(&slug).await.map_err(|e| fail(&e))?.is_some() {
        return Ok(&ACCOUNTS);
    }
    let tenant = Tenant {
        id: TenantId::new(),
        slug,
        name: "Clínica Dental Sonrisa".into(),
        address: "Av. Providencia 1234, Providencia, Santiago".into(),
        time_zone: "America/Santiago".parse().expect("a valid zone"),
        locale: Locale::Es,
        rules: demo_rules(),
        country: Some("CL".parse().expect("a known country")),
        // Reminders and offers are time-critical: they go by text as well to patients who
        // accept texts; confirmations and recalls by email.
        channels: Channels {
            reminders: Delivery::Both,
            waitlist_offers: Delivery::Both,
            ..Channels::default()
        },
        created_at: app.clock.now(),
    };
    let admin = &ACCOUNTS[1];
    app.accounts
        .onboard(ClinicOnboarding {
            tenant: tenant.clone(),
            admin_email: admin.email.parse().expect("a valid email"),
            admin_name: "Andrea Muñoz".into(),
            admin_password: Some(PASSWORD.into()),
        })
        .await
        .map_err(|e| fail(&e))?;
    // A cleaning is recalled after six months and a check-up after a year, as clinics do.
    let recalled = |t: Treatment, months| t.with_recall(Some(months)).expect("a valid recall");
    let [cleaning, checkup, filling, root_canal, whitening, ortho] = [
        recalled(treatment("Limpieza dental", 45, 15, 35_000), 6),
        recalled(treatment("Control y diagnóstico", 30, 0, 20_000), 12),
        treatment("Obturación (tapadura)", 60, 15, 45_000),
        treatment("Endodoncia", 90, 15, 180_000),
        treatment("Blanqueamiento", 60, 15, 150_000),
        treatment("Control de ortodoncia", 30, 0, 25_000),
    ];
    for t in [&cleaning, &checkup, &filling, &root_canal, &whitening, &ortho] {
        app.catalog.put_treatment(tenant.id, t).await.map_err(|e| fail(&e))?;
    }
    use Weekday::{Fri, Mon, Sat, Thu, Tue, Wed};
    let weekdays = [Mon, Tue, Wed, Thu, Fri];
    let split_day = [(at(9, 0), at(13, 0)), (at(14, 0), at(18, 0))];
    let professionals = [
        Professional {
            id: ProfessionalId::new(),
            name: "Dra. Camila Rojas".into(),
            specialty: "Odontología general".into(),
            treatments: vec![cleaning.id, checkup.id, filling.id, whitening.id],
            weekly_hours: hours(&weekdays, &split_day),
            active: true,
        },
        Professional {
            id: ProfessionalId::new(),
            name: "Dr. Matías Fuentes".into(),
            specialty: "Endodoncia".into(),
            treatments: vec![checkup.id, filling.id, root_canal.id],
            weekly_hours: hours(&[Mon, Wed, Fri], &[(at(10, 0), at(13, 0)), (at(15, 0), at(19, 0))]),
            active: true,
        },
        Professional {
            id: ProfessionalId::new(),
            name: "Dra. Valentina Soto".into(),
            specialty: "Ortodoncia".into(),
            treatments: vec![checkup.id, ortho.id, cleaning.id],
            weekly_hours: {
                let mut days = weekdays.to_vec();
                days.push(Sat);
                hours(&days, &[(at(9, 0), at(14, 0))])
            },
            active: true,
        },
    ];
    for p in &professionals {
        app.catalog.put_professional(tenant.id, p).await.map_err(|e| fail(&e))?;
    }
    let all = vec![
        cleaning.id,
        checkup.id,
        filling.id,
        root_canal.id,
        whitening.id,
        ortho.id,
    ];
    let chairs = [
        Chair {
            id: ChairId::new(),
            name: "Box 1".into(),
            treatments: all.clone(),
            active: true,
        },
        Chair {
            id: ChairId::new(),
            name: "Box 2".into(),
            treatments: all.into_iter().filter(|t| *t != root_canal.id).collect(),
            active: true,
        },
    ];
    for c in &chairs {
        app.catalog.put_chair(tenant.id, c).await.map_err(|e| fail(&e))?;
    }
    let mut patient = app.accounts.new_patient(
        "Pedro Pérez".into(),
        ACCOUNTS[4].email.parse().expect("a valid email"),
        Some("+56961234567".parse().expect("a valid phone")),
    );
    // The demo patient accepted texts, so the outbox shows the clinic's reminders and
    // offers as texts beside the emails.
    patient.sms = patient.sms.answer(true, patient.created_at);
    app.accounts
        .add_patient_account(&tenant, &patient, PASSWORD.into())
        .await
        .map_err(|e| fail(&e))?;
    let staff = [
        (&ACCOUNTS[2], "Rocío Díaz", None),
        (&ACCOUNTS[3], "Dra. Camila Rojas", Some(professionals[0].id)),
    ];
    for (account, name, professional_id) in staff {
        let draft = StaffDraft {
            email: account.email.parse().expect("a valid email"),
            name: name.into(),
            role: account.role,
            password: Some(PASSWORD.into()),
            professional_id,
        };
        app.accounts.add_staff(&tenant, draft).await.map_err(|e| fail(&e))?;
    }
    let owner = &ACCOUNTS[0];
    app.accounts
        .ensure_owner(owner.email.parse().expect("a valid email"), PASSWORD.into())
        .await
        .map_err(|e| fail(&e))?;
    Ok(&ACCOUNTS)
}

/// What `--demo` prints: where to go and how to sign in.
pub fn describe(accounts: &[DemoAccount], addr: SocketAddr) -> String {
    let mut text = format!(
        "Demo clinic: http://{addr}/v1/public/clinics/{SLUG} (API reference: http://{addr}/v1/openapi.json)\nDemo accounts (password `{PASSWORD}`):\n"
    );
    for a in accounts {
        text.push_str(&format!("  {:<10} {}\n", a.role.as_str(), a.email));
    }
    text
}
