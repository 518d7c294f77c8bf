// What every form action on the team pages answers. Shared by the server actions and the client
// forms that render the message, so it holds types and plain values only.
export type ActionState<T = undefined> =
  | { status: "idle" }
  | { status: "success"; message: string; data?: T; at: number }
  | { status: "error"; message: string; fieldErrors?: Record<string, string>; at: number };

export const IDLE: ActionState<never> = { status: "idle" };

export const success = <T,>(message: string, data?: T): ActionState<T> => ({ status: "success", message, data, at: Date.now() });

export const failure = (message: string, fieldErrors?: Record<string, string>): ActionState<never> => ({
  status: "error",
  message,
  fieldErrors,
  at: Date.now(),
});
