output "alb_dns_name" {
  description = "DNS name of the load balancer (the apex and wildcard records already alias it)."
  value       = aws_lb.main.dns_name
}

output "ecr_repository_url" {
  description = "Push the application image here (make image, then podman push), tagged with the git SHA, then apply with image_tag set to it."
  value       = aws_ecr_repository.app.repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster running the web, worker and beat services."
  value       = aws_ecs_cluster.main.name
}

output "migrate_task_definition_arn" {
  description = "One-off task that runs manage.py migrate_schemas."
  value       = aws_ecs_task_definition.app["migrate"].arn
}

output "migrate_command" {
  description = "Runs the schema migrations for every tenant with the current image; wait for it to stop with exit code 0 before rolling out services."
  value = join(" ", [
    "aws ecs run-task --region ${var.region} --cluster ${aws_ecs_cluster.main.name}",
    "--launch-type FARGATE --task-definition ${aws_ecs_task_definition.app["migrate"].arn}",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", aws_subnet.private[*].id)}],securityGroups=[${aws_security_group.worker.id}],assignPublicIp=DISABLED}'",
  ])
}

output "documents_bucket" {
  description = "S3 bucket holding the documents (AWS_STORAGE_BUCKET_NAME)."
  value       = aws_s3_bucket.documents.id
}

output "logs_bucket" {
  description = "S3 bucket receiving S3 access logs, ALB access logs and VPC flow logs."
  value       = aws_s3_bucket.logs.id
}

output "db_endpoint" {
  description = "PostgreSQL endpoint (host:port)."
  value       = aws_db_instance.main.endpoint
}

output "redis_primary_endpoint" {
  description = "Primary endpoint of the Redis replication group (TLS, AUTH)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "secret_arns" {
  description = "Secrets Manager ARNs injected into the containers, by environment variable name."
  value       = { for name, secret in aws_secretsmanager_secret.app : name => secret.arn }
}
