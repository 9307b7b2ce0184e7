data "aws_caller_identity" "current" {}

# Pinned to two named zones: subnets must not move if AWS adds a zone to the region.
data "aws_availability_zones" "available" {
  state = "available"
  filter {
    name   = "zone-name"
    values = ["${var.region}a", "${var.region}b"]
  }
}

data "aws_route53_zone" "base" {
  name         = var.base_domain
  private_zone = false
}

locals {
  name       = "${var.project}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  azs        = sort(data.aws_availability_zones.available.names)
  image      = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"
}
