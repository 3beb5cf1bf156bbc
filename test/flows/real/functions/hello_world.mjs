// The ROS transform template's MyFunction ("Hello world with python3.10!"); the template does not say what it returns.
export async function handler() {
  return { message: 'Hello world' };
}
