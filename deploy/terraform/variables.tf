variable "name" {
  description = "Name of the service and prefix of its resources."
  type        = string
  default     = "egress-planner"
}

variable "image" {
  description = "The image (built from the top-level Containerfile and pushed to ECR)."
  type        = string
}

variable "vpc_id" {
  description = "The VPC of the tasks and the load balancer."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets in at least two Availability Zones, for the tasks and the internal ALB."
  type        = list(string)
  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "Give subnets in at least two Availability Zones."
  }
}

variable "client_cidr_blocks" {
  description = "Who may reach the internal ALB (e.g. the VPC or the corporate network)."
  type        = list(string)
}

variable "cluster_arn" {
  description = "An existing ECS cluster; a new one is created when empty."
  type        = string
  default     = ""
}

variable "desired_count" {
  description = "Tasks to run; spread across the subnets' Availability Zones."
  type        = number
  default     = 2
}

variable "cpu" {
  description = "Fargate task CPU units (256 = 0.25 vCPU)."
  type        = number
  default     = 256
}

variable "memory" {
  description = "Fargate task memory, MiB (512 is the smallest with 256 CPU units)."
  type        = number
  default     = 512
}

variable "public_url" {
  description = "The service's public base URL for absolute links (empty: relative links)."
  type        = string
  default     = ""
}

variable "log_retention_days" {
  type    = number
  default = 30
}
