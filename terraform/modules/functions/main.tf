# What Turnaki deploys, in one place: the eight Lambda functions of DESIGN §2 and the API
# Gateway route of every HTTP route they serve (DESIGN §8). Every other module takes its
# function list from here. scripts/check-infra.sh proves these lists equal the code's: the
# [[bin]] entries of backend/Cargo.toml, the routes behind each Lambda main, and the AWS
# calls each function makes.

locals {
  # kind: "http" (API Gateway, lambda_http) or "event" (EventBridge, lambda_runtime).
  # dynamodb: the table actions the function's code calls (TransactWriteItems is authorised
  # per action: PutItem, DeleteItem, UpdateItem, ConditionCheckItem); indexes: the GSIs it
  # queries. cognito_admin: creates accounts (AdminCreateUser, AdminSetUserPassword,
  # AdminDeleteUser). sends_email: SES SendRawEmail. sends_texts: SNS Publish to phone
  # numbers. signs_links / verifies_links: KMS
  # GenerateMac / VerifyMac on the link key (the messages' links; DESIGN §11). No function
  # publishes booking events:
  # each change's transaction writes a pending-event item and the table's stream delivers it
  # (modules/eventbridge's pipe).
  functions = {
    health = {
      kind                 = "http"
      description          = "GET /health: liveness and store reachability"
      memory_mb            = 512
      timeout_seconds      = 10
      reserved_concurrency = 5
      dynamodb             = ["GetItem"]
      indexes              = []
      cognito_admin        = false
      sends_email          = false
      sends_texts          = false
      signs_links          = false
      verifies_links       = false
    }
    availability = {
      kind                 = "http"
      description          = "Public clinic routes: profile, availability, registration, holds"
      memory_mb            = 1024
      timeout_seconds      = 10
      reserved_concurrency = 50
      dynamodb             = ["GetItem", "Query", "PutItem"]
      indexes              = []
      cognito_admin        = true
      sends_email          = false
      sends_texts          = false
      signs_links          = false
      verifies_links       = false
    }
    bookings = {
      kind                 = "http"
      description          = "Bookings, /v1/me, the to-call list, the waitlist and the links of patients' messages"
      memory_mb            = 1024
      timeout_seconds      = 10
      reserved_concurrency = 50
      dynamodb             = ["GetItem", "Query", "PutItem", "DeleteItem"]
      indexes              = ["GSI1", "GSI2"]
      cognito_admin        = false
      sends_email          = false
      sends_texts          = false
      signs_links          = false
      verifies_links       = true
    }
    tenants = {
      kind                 = "http"
      description          = "Clinics, staff accounts, chairs, usage and the month's figures"
      memory_mb            = 512
      timeout_seconds      = 10
      reserved_concurrency = 10
      dynamodb             = ["GetItem", "Query", "PutItem", "DeleteItem"]
      indexes              = ["GSI1", "GSI2"]
      cognito_admin        = true
      sends_email          = false
      sends_texts          = false
      signs_links          = false
      verifies_links       = false
    }
    treatments = {
      kind                 = "http"
      description          = "Treatments"
      memory_mb            = 512
      timeout_seconds      = 10
      reserved_concurrency = 10
      dynamodb             = ["GetItem", "Query", "PutItem"]
      indexes              = []
      cognito_admin        = false
      sends_email          = false
      sends_texts          = false
      signs_links          = false
      verifies_links       = false
    }
    professionals = {
      kind                 = "http"
      description          = "Professionals and time off"
      memory_mb            = 512
      timeout_seconds      = 10
      reserved_concurrency = 10
      dynamodb             = ["GetItem", "Query", "PutItem", "DeleteItem"]
      indexes              = []
      cognito_admin        = false
      sends_email          = false
      sends_texts          = false
      signs_links          = false
      verifies_links       = false
    }
    send-notification = {
      kind                 = "event"
      description          = "Booking events from the table's stream (via the pipe and bus), mailed through SES"
      memory_mb            = 512
      timeout_seconds      = 30
      reserved_concurrency = 10
      dynamodb             = ["GetItem", "PutItem"]
      indexes              = []
      cognito_admin        = false
      sends_email          = true
      sends_texts          = true
      signs_links          = true
      verifies_links       = false
    }
    schedule-reminder = {
      kind                 = "event"
      description          = "Every 15 minutes: sends the reminders that are due, and the recalls of clinics whose morning has come"
      memory_mb            = 512
      timeout_seconds      = 300
      reserved_concurrency = 1
      dynamodb             = ["GetItem", "Query", "UpdateItem", "PutItem"]
      indexes              = ["GSI1"]
      cognito_admin        = false
      sends_email          = true
      sends_texts          = true
      signs_links          = true
      verifies_links       = false
    }
    # Booking events offer the time they free to the waitlist (a hold, written as a transaction);
    # every minute, lapsed and declined offers pass on. One at a time keeps the order in
    # which patients joined.
    waitlist = {
      kind                 = "event"
      description          = "Booking events and a one-minute schedule: offers freed time to waiting patients"
      memory_mb            = 512
      timeout_seconds      = 60
      reserved_concurrency = 2
      dynamodb             = ["GetItem", "Query", "PutItem", "DeleteItem"]
      indexes              = ["GSI1", "GSI2"]
      cognito_admin        = false
      sends_email          = true
      sends_texts          = true
      signs_links          = true
      verifies_links       = false
    }
  }

  # auth: "jwt" (the Cognito JWT authorizer) or "none" (public by design, DESIGN §6: health
  # and the clinic pages a patient uses before having an account, and the links of patients'
  # messages, whose signed token in the body is the credential; WAF rate-limits them).
  # Not here on purpose: POST /v1/auth/token and GET /.well-known/jwks.json (Cognito signs
  # people in), GET /config.json (an S3 object), GET /v1/outbox (embedded mode only) and
  # GET /v1/openapi.json (the whole document, served from S3 by CloudFront).
  routes = {
    "GET /health"                                                = { function = "health", auth = "none" }
    "GET /v1/public/clinics/{slug}"                              = { function = "availability", auth = "none" }
    "GET /v1/public/clinics/{slug}/availability"                 = { function = "availability", auth = "none" }
    "POST /v1/public/clinics/{slug}/register"                    = { function = "availability", auth = "none" }
    "POST /v1/public/clinics/{slug}/holds"                       = { function = "availability", auth = "none" }
    "GET /v1/bookings"                                           = { function = "bookings", auth = "jwt" }
    "POST /v1/bookings"                                          = { function = "bookings", auth = "jwt" }
    "GET /v1/bookings/{id}"                                      = { function = "bookings", auth = "jwt" }
    "PATCH /v1/bookings/{id}"                                    = { function = "bookings", auth = "jwt" }
    "POST /v1/bookings/{id}/cancel"                              = { function = "bookings", auth = "jwt" }
    "POST /v1/bookings/{id}/reschedule"                          = { function = "bookings", auth = "jwt" }
    "GET /v1/me/bookings"                                        = { function = "bookings", auth = "jwt" }
    "GET /v1/me/texts"                                           = { function = "bookings", auth = "jwt" }
    "PUT /v1/me/texts"                                           = { function = "bookings", auth = "jwt" }
    "GET /v1/to-call"                                            = { function = "bookings", auth = "jwt" }
    "POST /v1/bookings/{id}/called"                              = { function = "bookings", auth = "jwt" }
    "POST /v1/public/clinics/{slug}/bookings/{id}/link"          = { function = "bookings", auth = "none" }
    "POST /v1/public/clinics/{slug}/bookings/{id}/link/{action}" = { function = "bookings", auth = "none" }
    "POST /v1/public/clinics/{slug}/offers/{id}/link"            = { function = "bookings", auth = "none" }
    "POST /v1/public/clinics/{slug}/offers/{id}/link/{action}"   = { function = "bookings", auth = "none" }
    "GET /v1/me/waitlist"                                        = { function = "bookings", auth = "jwt" }
    "POST /v1/me/waitlist"                                       = { function = "bookings", auth = "jwt" }
    "DELETE /v1/me/waitlist/{id}"                                = { function = "bookings", auth = "jwt" }
    "GET /v1/waitlist"                                           = { function = "bookings", auth = "jwt" }
    "GET /v1/recalls"                                            = { function = "bookings", auth = "jwt" }
    "POST /v1/waitlist"                                          = { function = "bookings", auth = "jwt" }
    "DELETE /v1/waitlist/{id}"                                   = { function = "bookings", auth = "jwt" }
    "GET /v1/tenants"                                            = { function = "tenants", auth = "jwt" }
    "POST /v1/tenants"                                           = { function = "tenants", auth = "jwt" }
    "GET /v1/tenants/{id}"                                       = { function = "tenants", auth = "jwt" }
    "PATCH /v1/tenants/{id}"                                     = { function = "tenants", auth = "jwt" }
    "GET /v1/users"                                              = { function = "tenants", auth = "jwt" }
    "POST /v1/users"                                             = { function = "tenants", auth = "jwt" }
    "GET /v1/chairs"                                             = { function = "tenants", auth = "jwt" }
    "POST /v1/chairs"                                            = { function = "tenants", auth = "jwt" }
    "PATCH /v1/chairs/{id}"                                      = { function = "tenants", auth = "jwt" }
    "DELETE /v1/chairs/{id}"                                     = { function = "tenants", auth = "jwt" }
    "GET /v1/usage"                                              = { function = "tenants", auth = "jwt" }
    "GET /v1/figures"                                            = { function = "tenants", auth = "jwt" }
    "GET /v1/treatments"                                         = { function = "treatments", auth = "jwt" }
    "POST /v1/treatments"                                        = { function = "treatments", auth = "jwt" }
    "GET /v1/treatments/{id}"                                    = { function = "treatments", auth = "jwt" }
    "PATCH /v1/treatments/{id}"                                  = { function = "treatments", auth = "jwt" }
    "DELETE /v1/treatments/{id}"                                 = { function = "treatments", auth = "jwt" }
    "GET /v1/professionals"                                      = { function = "professionals", auth = "jwt" }
    "POST /v1/professionals"                                     = { function = "professionals", auth = "jwt" }
    "GET /v1/professionals/{id}"                                 = { function = "professionals", auth = "jwt" }
    "PATCH /v1/professionals/{id}"                               = { function = "professionals", auth = "jwt" }
    "DELETE /v1/professionals/{id}"                              = { function = "professionals", auth = "jwt" }
    "GET /v1/professionals/{id}/time-off"                        = { function = "professionals", auth = "jwt" }
    "POST /v1/professionals/{id}/time-off"                       = { function = "professionals", auth = "jwt" }
    "DELETE /v1/professionals/{id}/time-off/{time_off_id}"       = { function = "professionals", auth = "jwt" }
  }

  reserved_concurrency = { for name, f in local.functions : name => lookup(var.reserved_concurrency, name, f.reserved_concurrency) }
}
