// Flow definitions shared by the endpoint, persistence and reliability tests.

/** One Pass state: ends at once. */
export const PASS_FLOW = `Type: StateMachine
SpecVersion: v1
Name: pass_flow
StartAt: only
States:
  - Type: Pass
    Name: only
    End: true
`;

/** Waits $Input.seconds (flow time; scale it with the endpoint's --time-scale), then a Pass. */
export const WAIT_FLOW = `Type: StateMachine
SpecVersion: v1
Name: wait_flow
StartAt: pause
States:
  - Type: Wait
    Name: pause
    Seconds.$: $Input.seconds
    Next: done
  - Type: Pass
    Name: done
    End: true
`;

/** A task that only a ReportTask* call completes. */
export const CALLBACK_FLOW = `Type: StateMachine
SpecVersion: v1
Name: callback_flow
StartAt: approve
States:
  - Type: Task
    Name: approve
    Action: FC:InvokeFunction
    TaskMode: WaitForCustomCallback
    Parameters:
      resourceArn: acs:fc:::services/svc.LATEST/functions/approver
    End: true
`;

/** Fails at once with Order.Invalid. */
export const FAIL_FLOW = `Type: StateMachine
SpecVersion: v1
Name: fail_flow
StartAt: boom
States:
  - Type: Fail
    Name: boom
    Code: Order.Invalid
    Detail: no items
`;

/** A Choice, a Parallel with a Task, a Catch, Succeed and Fail: every kind of edge and a subgraph, for diagrams. */
export const SHOP_FLOW = `Type: StateMachine
Name: shop
StartAt: check
States:
  - Type: Choice
    Name: check
    Branches:
      - Condition: $Input.total > 100
        Next: both
    Default: done
  - Type: Parallel
    Name: both
    Branches:
      - StartAt: pay
        States:
          - Type: Task
            Name: pay
            Action: FC:InvokeFunction
            Parameters: {resourceArn: "acs:fc:::services/s/functions/pay"}
            End: true
    Catch:
      - Errors: [FnF.ALL]
        Next: oops
    Next: done
  - Type: Succeed
    Name: done
  - Type: Fail
    Name: oops
    Code: Bad
`;
