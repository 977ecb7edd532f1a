//! Plain Python data <-> JSON values: dicts, lists, tuples, str, int, float, bool and None.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// Converts Python data into JSON. Anything else (bytes, sets, objects) is refused with
/// `quay_sdk.InvalidInput`, so nothing is sent.
pub fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(crate::errors::invalid_input(obj.py(), format!("integer {obj} is out of range")));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| crate::errors::invalid_input(obj.py(), format!("{v} cannot be sent as JSON")));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return dict_to_json(d).map(Value::Object);
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l.iter().map(|x| to_json(&x)).collect::<PyResult<Vec<_>>>().map(Value::Array);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t.iter().map(|x| to_json(&x)).collect::<PyResult<Vec<_>>>().map(Value::Array);
    }
    if let Some(seconds) = unix_seconds(obj)? {
        return Ok(Value::from(seconds));
    }
    let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".into());
    Err(crate::errors::invalid_input(
        obj.py(),
        format!("a value of type `{type_name}` cannot be sent to Quay (use dict, list, str, int, float, bool or None)"),
    ))
}

/// A `datetime.datetime` as whole Unix seconds (the form of Quay's expirations); naive
/// datetimes are read as UTC.
fn unix_seconds(obj: &Bound<'_, PyAny>) -> PyResult<Option<i64>> {
    let py = obj.py();
    let datetime = py.import("datetime")?;
    if !obj.is_instance(&datetime.getattr("datetime")?)? {
        return Ok(None);
    }
    let aware = if obj.getattr("tzinfo")?.is_none() {
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("tzinfo", datetime.getattr("timezone")?.getattr("utc")?)?;
        obj.call_method("replace", (), Some(&kwargs))?
    } else {
        obj.clone()
    };
    let seconds: f64 = aware.call_method0("timestamp")?.extract()?;
    Ok(Some(seconds.floor() as i64))
}

/// Converts a dict with string keys into a JSON object.
pub fn dict_to_json(d: &Bound<'_, PyDict>) -> PyResult<Map<String, Value>> {
    let mut map = Map::new();
    for (k, v) in d.iter() {
        let key = k
            .cast::<PyString>()
            .map_err(|_| PyValueError::new_err("argument names must be strings"))?
            .to_cow()?
            .into_owned();
        map.insert(key, to_json(&v)?);
    }
    Ok(map)
}

/// Converts JSON into plain Python data.
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(m) => {
            let dict = PyDict::new(py);
            for (k, item) in m {
                dict.set_item(PyString::new(py, k), to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// A JSON value that becomes plain Python data when handed to Python (the result of an
/// awaitable).
pub struct Json(pub Value);

impl<'py> IntoPyObject<'py> for Json {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0)
    }
}
