/** Whether the administration page is open (an administrator's header button opens it). */
import { create } from 'zustand';

export const useAdminStore = create<{ open: boolean }>(() => ({ open: false }));
