import { z } from 'zod';
import type { Role } from '../enums';

export const loginSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  orgId: string;
}
