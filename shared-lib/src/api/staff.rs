//! Accounts: clinic staff created by an admin, and patients registering themselves.

use serde::{Deserialize, Serialize};

use super::auth::TokenResponse;
use super::fields::{FieldCode, Fields, Invalid};
use crate::domain::{Email, Phone, Role};
use crate::ids::{PatientId, ProfessionalId};

/// `POST /v1/users`: a staff account of the caller's clinic.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    /// Sign-in email.
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub email: String,
    /// Name.
    pub name: String,
    /// `admin`, `dentist` or `reception`.
    pub role: String,
    /// Initial password; without one the identity provider sends an invitation.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 10, max_length = 128))]
    pub password: Option<String>,
    /// Dentists: the professional whose agenda is theirs.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ProfessionalId>))]
    pub professional_id: Option<String>,
}

/// A parsed `NewStaff`.
#[derive(Debug, Clone)]
pub struct StaffDraft {
    /// Sign-in email.
    pub email: Email,
    /// Name.
    pub name: String,
    /// A staff role.
    pub role: Role,
    /// Initial password.
    pub password: Option<String>,
    /// The dentist's professional.
    pub professional_id: Option<ProfessionalId>,
}

impl NewStaff {
    /// Parses the request: the role must be a clinic role, and dentists name their professional.
    pub fn parse(&self) -> Result<StaffDraft, Invalid> {
        let mut f = Fields::default();
        let email: Option<Email> = f.parse("email", &self.email);
        let name = f.name("name", &self.name);
        let role: Option<Role> = f.parse("role", &self.role);
        if role.is_some_and(|r| !r.is_staff()) {
            f.fail("role", FieldCode::Invalid, "must be admin, dentist or reception");
        }
        let password = match &self.password {
            Some(p) => f.password("password", p).map(Some),
            None => Some(None),
        };
        let professional_id = f.parse_opt("professional_id", self.professional_id.as_deref());
        if role == Some(Role::Dentist) && matches!(professional_id, Some(None)) {
            f.fail(
                "professional_id",
                FieldCode::Required,
                "a dentist account names its professional",
            );
        }
        f.done(|| {
            Some(StaffDraft {
                email: email?,
                name: name?,
                role: role?,
                password: password?,
                professional_id: professional_id?,
            })
        })
    }
}

/// `POST /v1/public/clinics/{slug}/register`: a patient's own account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PatientRegistration {
    /// Full name.
    pub name: String,
    /// Email (also the sign-in).
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub email: String,
    /// Phone in international form (+56 9 1234 5678).
    #[serde(default)]
    pub phone: Option<String>,
    /// Password, 10+ characters.
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 10, max_length = 128))]
    pub password: String,
}

/// A parsed registration.
#[derive(Debug, Clone)]
pub struct PatientDraft {
    /// Full name.
    pub name: String,
    /// Email.
    pub email: Email,
    /// Phone.
    pub phone: Option<Phone>,
    /// Password.
    pub password: String,
}

impl PatientRegistration {
    /// Parses the registration.
    pub fn parse(&self) -> Result<PatientDraft, Invalid> {
        let mut f = Fields::default();
        let name = f.name("name", &self.name);
        let email: Option<Email> = f.parse("email", &self.email);
        let phone = f.parse_opt("phone", self.phone.as_deref().filter(|p| !p.trim().is_empty()));
        let password = f.password("password", &self.password);
        f.done(|| {
            Some(PatientDraft {
                name: name?,
                email: email?,
                phone: phone?,
                password: password?,
            })
        })
    }
}

/// The answer to a registration: the new patient, already signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registered {
    /// The patient record's id.
    pub patient_id: PatientId,
    /// A token for the new account.
    pub token: TokenResponse,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dentist_account_must_name_its_professional() {
        let staff = NewStaff {
            email: "dr@sonrisa.cl".into(),
            name: "Dra. Rojas".into(),
            role: "dentist".into(),
            password: None,
            professional_id: None,
        };
        assert_eq!(staff.parse().unwrap_err().0[0].field, "professional_id");
    }

    #[test]
    fn staff_accounts_cannot_be_owners_or_patients() {
        for role in ["owner", "patient", "root"] {
            let staff = NewStaff {
                email: "x@sonrisa.cl".into(),
                name: "X".into(),
                role: role.into(),
                password: None,
                professional_id: None,
            };
            assert_eq!(staff.parse().unwrap_err().0[0].field, "role", "{role}");
        }
    }

    #[test]
    fn a_blank_phone_is_no_phone() {
        let r = PatientRegistration {
            name: "Pía".into(),
            email: "pia@example.com".into(),
            phone: Some("  ".into()),
            password: "a long enough secret".into(),
        };
        assert_eq!(r.parse().unwrap().phone, None);
    }
}
