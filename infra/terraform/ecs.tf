resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

locals {
  app_environment = [
    { name = "DJANGO_ENV", value = "production" },
    { name = "GHISEU_BASE_DOMAIN", value = var.base_domain },
    { name = "GHISEU_URL_SCHEME", value = "https" },
    { name = "AWS_STORAGE_BUCKET_NAME", value = aws_s3_bucket.documents.id },
    { name = "AWS_S3_REGION_NAME", value = var.region },
    { name = "AWS_DEFAULT_REGION", value = var.region },
    { name = "EMAIL_BACKEND", value = "anymail.backends.amazon_sesv2.EmailBackend" },
    { name = "DEFAULT_FROM_EMAIL", value = "no-reply@${var.base_domain}" },
    { name = "AWS_SES_REGION_NAME", value = var.region },
    { name = "AWS_SES_CONFIGURATION_SET", value = aws_sesv2_configuration_set.main.configuration_set_name },
    { name = "SES_NOTIFICATION_TOPICS", value = aws_sns_topic.ses_events.arn },
    { name = "SMS_PROVIDERS", value = "sns" },
    { name = "SMS_SNS_REGION", value = var.region },
    { name = "SMS_SENDER_ID", value = var.sms_sender_id },
  ]
  app_secrets = [for name, secret in aws_secretsmanager_secret.app : { name = name, valueFrom = secret.arn }]

  # Every process runs from the same image; the root filesystem is read-only, /tmp is a
  # per-task scratch volume (gunicorn heartbeats, the beat schedule file).
  tasks = {
    web     = merge(var.services["web"], { command = ["gunicorn", "ghiseu.wsgi:application", "--bind=0.0.0.0:8000", "--workers=3", "--worker-tmp-dir=/tmp", "--forwarded-allow-ips=*", "--access-logfile=-"] })
    worker  = merge(var.services["worker"], { command = ["celery", "-A", "ghiseu", "worker", "--loglevel=INFO"] })
    beat    = merge(var.services["beat"], { command = ["celery", "-A", "ghiseu", "beat", "--loglevel=INFO", "--schedule=/tmp/celerybeat-schedule"] })
    migrate = { cpu = 512, memory = 1024, command = ["python", "manage.py", "migrate_schemas", "--noinput"] }
  }
}

resource "aws_ecs_task_definition" "app" {
  for_each                 = local.tasks
  family                   = "${local.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([{
    name                   = each.key
    image                  = local.image
    command                = each.value.command
    essential              = true
    readonlyRootFilesystem = true
    environment            = local.app_environment
    secrets                = local.app_secrets
    portMappings           = each.key == "web" ? [{ containerPort = 8000, protocol = "tcp" }] : []
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    stopTimeout            = 120 # let Celery finish (warm shutdown) the tasks it holds
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this[each.key].name
        awslogs-region        = var.region
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

resource "aws_ecs_service" "app" {
  for_each         = var.services
  name             = each.key
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.app[each.key].arn
  desired_count    = each.value.desired_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"
  propagate_tags   = "SERVICE"

  enable_ecs_managed_tags           = true
  health_check_grace_period_seconds = each.key == "web" ? 60 : null

  # beat must never run twice, not even during a deployment: stop the old task first.
  deployment_minimum_healthy_percent = each.key == "beat" ? 0 : 100
  deployment_maximum_percent         = each.key == "beat" ? 100 : 200

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [each.key == "web" ? aws_security_group.web.id : aws_security_group.worker.id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = each.key == "web" ? [aws_lb_target_group.web.arn] : []
    content {
      target_group_arn = load_balancer.value
      container_name   = "web"
      container_port   = 8000
    }
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  depends_on = [aws_lb_listener.https]
}
