// Generated from spec/openapi.yaml by scripts/generate.mjs. Do not edit: run `pnpm generate`.

export const operations = {
  "ListImageBuildCommandRisks": {
    "method": "GET",
    "path": "/v5/{project_id}/image/build-command-risks",
    "parameters": [
      {
        "name": "project_id",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 256
        }
      },
      {
        "name": "enterprise_project_id",
        "in": "query",
        "required": false,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 256
        }
      },
      {
        "name": "offset",
        "in": "query",
        "required": false,
        "schema": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2000000,
          "default": 0
        }
      },
      {
        "name": "limit",
        "in": "query",
        "required": false,
        "schema": {
          "type": "integer",
          "format": "int32",
          "minimum": 10,
          "maximum": 200,
          "default": 10
        }
      },
      {
        "name": "image_type",
        "in": "query",
        "required": true,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 32,
          "enum": [
            "cicd",
            "registry"
          ]
        }
      },
      {
        "name": "image_id",
        "in": "query",
        "required": false,
        "schema": {
          "type": "string",
          "minLength": 0,
          "maxLength": 128
        }
      },
      {
        "name": "risk_name",
        "in": "query",
        "required": false,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 512
        }
      },
      {
        "name": "risk_level",
        "in": "query",
        "required": false,
        "schema": {
          "type": "string",
          "enum": [
            "critical",
            "high",
            "medium",
            "low"
          ]
        }
      },
      {
        "name": "X-Language",
        "in": "header",
        "required": false,
        "schema": {
          "type": "string",
          "enum": [
            "en-us",
            "zh-cn"
          ],
          "default": "en-us"
        }
      },
      {
        "name": "region",
        "in": "header",
        "required": false,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64
        }
      }
    ]
  },
  "ListImageBuildCommandRisksImages": {
    "method": "GET",
    "path": "/v5/{project_id}/image/build-command-risks/images",
    "parameters": [
      {
        "name": "project_id",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 256
        }
      },
      {
        "name": "enterprise_project_id",
        "in": "query",
        "required": false,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 256
        }
      },
      {
        "name": "offset",
        "in": "query",
        "required": false,
        "schema": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2000000,
          "default": 0
        }
      },
      {
        "name": "limit",
        "in": "query",
        "required": false,
        "schema": {
          "type": "integer",
          "format": "int32",
          "minimum": 10,
          "maximum": 200,
          "default": 10
        }
      },
      {
        "name": "image_type",
        "in": "query",
        "required": true,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 32,
          "enum": [
            "cicd",
            "registry"
          ]
        }
      },
      {
        "name": "rule_id",
        "in": "query",
        "required": true,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64
        }
      },
      {
        "name": "image_id",
        "in": "query",
        "required": false,
        "schema": {
          "type": "string",
          "minLength": 0,
          "maxLength": 128
        }
      },
      {
        "name": "X-Language",
        "in": "header",
        "required": false,
        "schema": {
          "type": "string",
          "enum": [
            "en-us",
            "zh-cn"
          ],
          "default": "en-us"
        }
      },
      {
        "name": "region",
        "in": "header",
        "required": false,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 64
        }
      }
    ]
  }
} as const;

export type OperationId = keyof typeof operations;
