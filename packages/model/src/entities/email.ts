import { z } from 'zod';

// Deliberately loose: platforms hold addresses that strict validators reject (Amazon relay addresses,
// internal hosts), and refusing them would drop real orders. It only rules out what cannot be an address.
export const EmailAddress = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+$/, 'expected an email address')
  .describe('An email address as the platform reports it.');
