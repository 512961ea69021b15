// zod schemas of the orgs module: one schema serves the route, the web form and the CLI.
import { z } from "zod";

export const ZRole = z.enum(["admin", "leader", "deputy", "staff", "township", "school", "inspector", "observer"]);

export const ZLogin = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const ZChangePassword = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const ZCreateUser = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/u, "用户名为 3–32 位字母、数字、下划线、点或横线"),
  displayName: z.string().trim().min(1).max(64),
  role: ZRole,
  orgUnitId: z.number().int().positive(),
  password: z.string().min(10).max(256).optional(),
  departmentIds: z.array(z.number().int().positive()).max(50).optional(),
  email: z.string().email().nullable().optional(),
});

export const ZUpdateUser = z.strictObject({
  version: z.number().int().positive(),
  displayName: z.string().trim().min(1).max(64).optional(),
  role: ZRole.optional(),
  orgUnitId: z.number().int().positive().optional(),
  disabled: z.boolean().optional(),
  departmentIds: z.array(z.number().int().positive()).max(50).optional(),
  email: z.string().email().nullable().optional(),
});

export const ZIdParam = z.strictObject({ id: z.coerce.number().int().positive() });

export const ZCreateUnit = z.strictObject({
  parentId: z.number().int().positive().nullable(),
  type: z.enum(["province", "city", "county", "bureau", "department", "township", "center", "school"]),
  name: z.string().trim().min(1).max(100),
  code: z
    .string()
    .trim()
    .regex(/^\d{10}$/u, "学校标识码为 10 位数字")
    .nullable()
    .optional(),
  schoolType: z.string().trim().max(20).nullable().optional(),
  ownership: z.enum(["public", "private"]).nullable().optional(),
});
