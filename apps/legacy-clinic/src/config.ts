import { z } from 'zod';
import { ConfigError } from '@ficus/core';

/** The monolith's environment, validated once at start. */
export interface ClinicConfig {
  databaseUrl: string;
  port: number;
  host: string;
}

const env = z.object({
  CLINIC_DATABASE_URL: z
    .string({ error: 'is required: a mysql:// URL naming the clinic database' })
    .regex(
      /^mysql:\/\/.+\/[^/?]+/,
      'must be a mysql:// URL that names a database, e.g. mysql://root@127.0.0.1:3306/clinic',
    ),
  CLINIC_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a TCP port number (0-65535)')
    .transform(Number)
    .refine((p) => p <= 65535, 'must be a TCP port number (0-65535)')
    .default(8081),
  CLINIC_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
});

export function readClinicConfig(source: NodeJS.ProcessEnv = process.env): ClinicConfig {
  const result = env.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError('CLINIC_BAD_ENV', `${name} ${issue?.message ?? 'is invalid'}`);
  }
  return {
    databaseUrl: result.data.CLINIC_DATABASE_URL,
    port: result.data.CLINIC_PORT,
    host: result.data.CLINIC_HOST,
  };
}
