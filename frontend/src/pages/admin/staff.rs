//! Staff accounts: the clinic's admins, dentists and reception. A dentist's account is
//! tied to a professional, whose agenda becomes theirs. The API only lists and creates
//! accounts, so there is no edit or deactivate here.

use leptos::prelude::*;
use turnaki_shared::api::paths;
use turnaki_shared::api::staff::NewStaff;
use turnaki_shared::domain::{Professional, Role, User};

use super::kit::{Choice, FormFrame, Notice, NoticeArea, run};
use crate::i18n::{Lang, lang};
use crate::paged::{Paged, listing};
use crate::session::state;
use crate::ui::{Failure, Field, Table};

/// The staff tab.
#[component]
pub fn Staff() -> impl IntoView {
    let users = Paged::<User>::new(paths::users());
    let professionals = Paged::<Professional>::new(paths::professionals());
    let notice = Notice::new();
    let open = RwSignal::new(false);
    let table = move |items: Vec<User>| {
        let rows = items
            .into_iter()
            .map(|u| {
                let works_as = u.professional_id;
                let professional = move || {
                    professionals
                        .items
                        .with(|all| all.iter().find(|p| Some(p.id) == works_as).map(|p| p.name.clone()))
                };
                view! {
                    <tr data-testid="staff-row">
                        <th scope="row">{u.name.clone()}</th>
                        <td>{u.email.to_string()}</td>
                        <td>{move || role_name(lang(), u.role)}</td>
                        <td>{professional}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Table caption=("Personal", "Staff") columns=&[
                    ("Nombre", "Name"),
                    ("Correo", "Email"),
                    ("Rol", "Role"),
                    ("Profesional", "Professional"),
            ]>
                {rows}
            </Table>
        }
    };
    view! {
        <div class="section-head">
            <h2>{move || lang().pick("Personal", "Staff")}</h2>
            <button type="button" class="btn primary" data-testid="staff-new" on:click=move |_| {
                notice.clear();
                open.set(true);
            }>
                {move || lang().pick("Nueva cuenta", "New account")}
            </button>
        </div>
        <NoticeArea notice />
        <Show when=move || open.get()>
            <StaffForm users professionals=professionals.items notice open />
        </Show>
        {listing(users, |l| l.pick("Aún no hay cuentas del personal.", "No staff accounts yet."), table)}
    }
}

/// The role's name for people.
fn role_name(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Admin => lang.pick("Administración", "Admin"),
        Role::Dentist => lang.pick("Dentista", "Dentist"),
        Role::Reception => lang.pick("Recepción", "Reception"),
        Role::Owner => lang.pick("Plataforma", "Platform owner"),
        Role::Patient => lang.pick("Paciente", "Patient"),
    }
}

/// Creates a staff account.
#[component]
fn StaffForm(
    users: Paged<User>,
    professionals: RwSignal<Vec<Professional>>,
    notice: Notice,
    open: RwSignal<bool>,
) -> impl IntoView {
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Reception.as_str().to_owned());
    let password = RwSignal::new(String::new());
    let professional = RwSignal::new(String::new());
    let dentist = move || role.with(|r| r == Role::Dentist.as_str());
    let roles = Signal::derive(move || {
        [Role::Reception, Role::Dentist, Role::Admin]
            .map(|r| (r.as_str().to_owned(), role_name(lang(), r).to_owned()))
            .to_vec()
    });
    let choices = Signal::derive(move || {
        let mut options = vec![(String::new(), lang().pick("Elige…", "Choose…").to_owned())];
        professionals.with(|all| {
            options.extend(
                all.iter()
                    .filter(|p| p.active)
                    .map(|p| (p.id.to_string(), p.name.clone())),
            );
        });
        options
    });
    let app = state();
    let save = Callback::new(move |()| {
        let body = NewStaff {
            email: email.get_untracked(),
            name: name.get_untracked(),
            role: role.get_untracked(),
            // Without a password the identity provider sends an invitation.
            password: Some(password.get_untracked()).filter(|p| !p.is_empty()),
            professional_id: Some(professional.get_untracked()).filter(|p| dentist() && !p.is_empty()),
        };
        let client = app.client();
        let call = async move { client.post::<_, User>(&paths::users(), &body).await };
        run(busy, failure, call, move |user| {
            users.upsert(user);
            open.set(false);
            notice.say("Cuenta creada.", "Account created.");
        });
    });
    let title = Signal::derive(move || lang().pick("Nueva cuenta del personal", "New staff account").to_owned());
    view! {
        <FormFrame title save="staff-save" busy failure on_save=save on_cancel=Callback::new(move |()| open.set(false))>
            <Field name="email" label=|l| l.pick("Correo", "Email") value=email error=failure kind="email" required=true />
            <Field name="name" label=|l| l.pick("Nombre", "Name") value=name error=failure required=true />
            <Choice name="role" label=|l| l.pick("Rol", "Role") value=role error=failure options=roles />
            <Show when=dentist>
                <Choice
                    name="professional_id"
                    label=|l| l.pick("Profesional cuya agenda verá", "Professional whose agenda they see")
                    value=professional
                    error=failure
                    options=choices
                />
            </Show>
            <Field
                name="password"
                label=|l| {
                    l.pick(
                        "Contraseña inicial (opcional, 10+ caracteres; sin ella se envía una invitación)",
                        "Initial password (optional, 10+ characters; without one an invitation is sent)",
                    )
                }
                value=password
                error=failure
                kind="password"
                autocomplete="new-password"
            />
        </FormFrame>
    }
}
