//! Accounts: clinic staff created by an admin, and patients registering themselves.

use serde::{Deserialize, Serialize};

use super::auth::TokenResponse;
use super::fields::{FieldCode, Fields, Invalid};
use crate::domain::{Country, Email, Phone, Role};
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
    /// Phone: as dialled in the clinic's country, or with its country code (+56 9 6123 4567).
    #[serde(default)]
    pub phone: Option<String>,
    /// Whether the patient accepts text messages at that phone (consent, recorded with its time).
    #[serde(default)]
    pub sms: bool,
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
    /// Whether they accept texts.
    pub sms: bool,
    /// Password.
    pub password: String,
}

impl PatientRegistration {
    /// Parses the registration, its phone in the clinic's `country`.
    pub fn parse(&self, country: Option<Country>) -> Result<PatientDraft, Invalid> {
        let mut f = Fields::default();
        let name = f.name("name", &self.name);
        let email: Option<Email> = f.parse("email", &self.email);
        let phone = f.phone("phone", self.phone.as_deref(), country);
        if self.sms && matches!(phone, Some(None)) {
            f.fail(
                "phone",
                FieldCode::Required,
                "give a mobile number to receive text messages",
            );
        }
        let password = f.password("password", &self.password);
        f.done(|| {
            Some(PatientDraft {
                name: name?,
                email: email?,
                phone: phone?,
                sms: self.sms,
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
            sms: false,
            password: "a long enough secret".into(),
        };
        assert_eq!(r.parse(None).unwrap().phone, None);
    }

    #[test]
    fn a_patient_in_chile_writes_their_mobile_as_they_dial_it_and_texts_need_one() {
        let chile = Some("CL".parse().unwrap());
        let r = PatientRegistration {
            name: "Pía".into(),
            email: "pia@example.com".into(),
            phone: Some("9 8765 4321".into()),
            sms: true,
            password: "a long enough secret".into(),
        };
        let draft = r.parse(chile).unwrap();
        assert_eq!(draft.phone.unwrap().as_str(), "+56987654321");
        assert!(draft.sms);
        let without = PatientRegistration {
            phone: None,
            ..r.clone()
        };
        assert_eq!(without.parse(chile).unwrap_err().0[0].field, "phone");
        let bad = PatientRegistration {
            phone: Some("12".into()),
            ..r
        };
        assert_eq!(bad.parse(chile).unwrap_err().0[0].field, "phone");
    }
}
