// What Controles & bonnen keeps while the clerk moves between its tabs (and other
// sections): a ticket begun from a control, and the ticket list's filters.
import { NO_TICKET_FILTER, type TicketFilterForm } from './inspections-logic';

export interface TicketPrefill {
  marketId: number;
  day: string;
  /** HH:MM, the moment "Bon schrijven" was chosen. */
  time: string;
  stall: string;
  vendorId: number;
  vendorName: string;
  registrationNumber: string;
  permitId: number;
  invoiceNumber: string;
  controlId: number;
  round: number;
  /** What the control found at the stall. */
  presence: string;
  /** The violation the ticket starts with, as the core suggests for that finding (or none). */
  violationCode: string | null;
}

class TicketDraft {
  prefill = $state<TicketPrefill | null>(null);
}

/** "Bon schrijven" on a control fills this; the ticket form takes it. */
export const ticketDraft = new TicketDraft();

class TicketListState {
  filter = $state<TicketFilterForm>({ ...NO_TICKET_FILTER });
}

export const ticketList = new TicketListState();
