"""The Streamlit page (work in progress)."""

import streamlit as st

st.title("Incident map")
