/** A service contract between the contractor and a customer; its SLA policy is data. */
export interface Contract {
  id: string;
  customerId: string;
  name: string;
  startsOn: string; // YYYY-MM-DD
  endsOn: string; // YYYY-MM-DD
  timeZone: string;
  slaPolicy: object;
  /** Fault rules as data (FaultRules); null: the defaults from DOMAIN.md. */
  faultRules?: object | null;
  alerting?: object | null;
  /** The feedback register's settings (FeedbackRules: complaint dues, escalation interval, confirmation); null: the defaults. */
  feedbackRules?: object | null;
  createdAt: Date;
  updatedAt: Date;
}
export const DEMO_CONTRACT_ID = 'demo-contract';
export const DEMO_CUSTOMER_ID = 'demo-customer';
