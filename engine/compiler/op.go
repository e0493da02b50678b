package compiler

// Op is a VM opcode. The comment of each opcode gives its operands and its effect on the operand
// stack (top of stack on the right).
type Op uint8

// The opcodes.
const (
	OpNop   Op = iota
	OpNull     // → null
	OpTrue     // → true
	OpFalse    // → false
	OpConst    // A=const index → Consts[A]
	OpNum      // A=small integer → A
	OpPop      // x →
	OpDup      // x → x x
	OpSwap     // x y → y x
	OpLoad     // A=slot → slots[A]
	OpStore    // A=slot; x → (slots[A] = x)

	OpNewArray    // A=n; x1..xn → [x1..xn]
	OpArrayPush   // arr x → arr
	OpArraySpread // arr it → arr (elements of a list, code points of a string; else TypeError)
	OpNewObject   // → {}
	OpObjSet      // A=name; obj x → obj (obj[Names[A]] = x)
	OpObjSetKey   // obj k x → obj (obj[string form of k] = x)
	OpObjSpread   // obj src → obj (copy src's own keys: object keys, list/string indices)

	OpGetProp  // A=name; x → x.Names[A] (TypeError on null)
	OpGetIndex // x k → x[k]
	OpSetProp  // A=name, B=1 to discard the value; x v → v (or nothing)
	OpSetIndex // B=1 to discard the value; x k v → v (or nothing)
	OpDelProp  // A=name; x → true
	OpDelIndex // x k → true
	OpHasKey   // x k → bool: k is present in x (destructuring defaults; null/primitives: false)

	OpAdd // x y → x+y
	OpSub
	OpMul
	OpDiv
	OpMod
	OpPow
	OpEq // === (and ==)
	OpNe // !== (and !=)
	OpLt
	OpLe
	OpGt
	OpGe
	OpIn     // k x → k in x
	OpNot    // x → !x
	OpNeg    // x → -x (numbers only)
	OpPlus   // x → +x (numbers only)
	OpTypeof // x → typeof x
	OpInc    // A=0 for ++ / 1 for --; x → x±1 (numbers only)

	OpJump              // A=target
	OpJumpIfFalse       // A=target; x → (jump when x is falsy)
	OpJumpIfTrue        // A=target; x → (jump when x is truthy)
	OpJumpIfFalseKeep   // A=target; x → x (jump when falsy) | → (pop and fall through)
	OpJumpIfTrueKeep    // A=target; x → x (jump when truthy) | → (pop and fall through)
	OpJumpIfNotNullKeep // A=target; x → x (jump when not null) | → (pop and fall through)
	OpJumpIfNull        // A=target; x → x (jump when null, keeping it) | x (fall through)

	OpCallFunc   // A=name of a built-in function, B=argc (-1: one list of arguments); args → result
	OpCallMethod // A=method name, B=argc (-1: list); recv args → result
	OpCallValue  // B=argc (-1: list); f args → result (f must be a function value)

	OpAwait // x → value (suspends on an unsettled handle; throws a rejection)

	OpThrow       // x → (throw x)
	OpPushHandler // A=handler pc: a throw inside jumps there with the exception pushed
	OpPopHandler  // removes the innermost handler
	OpCatchStore  // A=slot; exc → (slots[A] = exc, slots[A+1] = its throw position)
	OpRethrow     // A=slot: throws slots[A] again from the position saved in slots[A+1]
	OpReturn      // x → (the workflow completes with x)

	OpIterInit   // A=slot base; x → (slots[A] = list to iterate, slots[A+1] = 0)
	OpIterNext   // A=slot base, B=exit pc; → next element | jump to B when done
	OpForInInit  // A=slot base; x → (slots[A] = x, slots[A+1] = keys at start, slots[A+2] = 0)
	OpForInNext  // A=slot base, B=exit pc; → next present key | jump to B when done
	OpToIterable // x → list (a list itself, a string's code points; else TypeError): array patterns
	OpNotNull    // x → x (TypeError "cannot destructure null"): object patterns
	OpObjRest    // A=n; src k1..kn → new object with src's keys except k1..kn
	OpArrayRest  // A=start; list → list.slice(start)
	OpLength     // list → number of elements
	OpIncSlot    // A=slot, B=0 for ++ / 1 for --: slots[A] = slots[A]±1 (numbers only)
	OpNamespace  // A=name of a built-in namespace → a new object of its functions and constants
	OpTypeError  // A=const index of a message: throws a TypeError (writes to built-in namespaces)

	// The checked variable accesses, for the bindings a switch may jump over (spec §12.9): their
	// slot holds value.Uninit until the declaration runs, and reading or writing it then is a
	// ReferenceError naming Names[B]. Every other variable uses the unchecked Load and Store.
	OpUninit       // A=slot: slots[A] = uninitialised
	OpLoadChecked  // A=slot, B=name → slots[A] (ReferenceError while uninitialised)
	OpStoreChecked // A=slot, B=name; x → (slots[A] = x; ReferenceError while uninitialised)

	opCount
)

var opNames = [...]string{
	OpNop: "Nop", OpNull: "Null", OpTrue: "True", OpFalse: "False", OpConst: "Const", OpNum: "Num",
	OpPop: "Pop", OpDup: "Dup", OpSwap: "Swap", OpLoad: "Load", OpStore: "Store",
	OpNewArray: "NewArray", OpArrayPush: "ArrayPush", OpArraySpread: "ArraySpread",
	OpNewObject: "NewObject", OpObjSet: "ObjSet", OpObjSetKey: "ObjSetKey", OpObjSpread: "ObjSpread",
	OpGetProp: "GetProp", OpGetIndex: "GetIndex", OpSetProp: "SetProp", OpSetIndex: "SetIndex",
	OpDelProp: "DelProp", OpDelIndex: "DelIndex", OpHasKey: "HasKey",
	OpAdd: "Add", OpSub: "Sub", OpMul: "Mul", OpDiv: "Div", OpMod: "Mod", OpPow: "Pow",
	OpEq: "Eq", OpNe: "Ne", OpLt: "Lt", OpLe: "Le", OpGt: "Gt", OpGe: "Ge", OpIn: "In",
	OpNot: "Not", OpNeg: "Neg", OpPlus: "Plus", OpTypeof: "Typeof", OpInc: "Inc",
	OpJump: "Jump", OpJumpIfFalse: "JumpIfFalse", OpJumpIfTrue: "JumpIfTrue",
	OpJumpIfFalseKeep: "JumpIfFalseKeep", OpJumpIfTrueKeep: "JumpIfTrueKeep",
	OpJumpIfNotNullKeep: "JumpIfNotNullKeep", OpJumpIfNull: "JumpIfNull",
	OpCallFunc: "CallFunc", OpCallMethod: "CallMethod", OpCallValue: "CallValue", OpAwait: "Await",
	OpThrow: "Throw", OpPushHandler: "PushHandler", OpPopHandler: "PopHandler",
	OpCatchStore: "CatchStore", OpRethrow: "Rethrow", OpReturn: "Return",
	OpIterInit: "IterInit", OpIterNext: "IterNext", OpForInInit: "ForInInit", OpForInNext: "ForInNext",
	OpToIterable: "ToIterable", OpNotNull: "NotNull", OpObjRest: "ObjRest", OpArrayRest: "ArrayRest",
	OpLength: "Length", OpIncSlot: "IncSlot", OpNamespace: "Namespace", OpTypeError: "TypeError",
	OpUninit: "Uninit", OpLoadChecked: "LoadChecked", OpStoreChecked: "StoreChecked",
}

// String returns the opcode's name.
func (op Op) String() string {
	if int(op) < len(opNames) && opNames[op] != "" {
		return opNames[op]
	}
	return "Op?"
}
