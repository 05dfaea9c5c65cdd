/**
 * The feed's, the detail's and dispatch's text, added when the code that shows it arrives:
 * none of it is on the first frame, which keeps to its JavaScript budget without it.
 */
import { addMessages } from '../../i18n';
import { eventWork } from '../../i18n/messages/eventWork';

addMessages(eventWork);
