# State of the prd environment: its own bucket (create it once, versioned and encrypted, see
# docs/deploy.md) and key; the S3 backend's lock file guards concurrent applies.
terraform {
  backend "s3" {
    bucket       = "turnaki-terraform-state-prd"
    key          = "turnaki/prd/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true
  }
}
